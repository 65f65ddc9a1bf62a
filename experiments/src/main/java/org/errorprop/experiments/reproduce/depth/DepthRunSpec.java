package org.errorprop.experiments.reproduce.depth;

import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.experiments.run.TrainingSetup;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.MethodContext;

/**
 * One training run of a depth experiment: the network, the rule and the optimisation settings.
 *
 * @param network      depth, width and activation
 * @param method       backprop, single SG ({@link MiddleBoundary}) or SG everywhere
 * @param learningRate Adam's learning rate, for the network and the synthesizers alike (the paper uses one
 *                     rate, 3e-5, for both)
 * @param l2           L2 penalty on the network's weights (not on the synthesizers)
 * @param batchSize    examples per step
 * @param epochs       passes over the training split
 * @param lossWindow   the training loss is recorded as the mean over windows of this many steps
 * @param seed         the master seed
 * @param streamFamily the name of the random-stream family; runs that share it start from the same
 *                     weights and see the same batches (so backprop and SG runs of one configuration differ
 *                     only in their rule)
 */
public record DepthRunSpec(DepthNetwork network, StudiedMethod method, double learningRate, double l2, int batchSize,
                           int epochs, int lossWindow, long seed, String streamFamily)
        implements java.io.Serializable {

    public DepthRunSpec {
        if (!(learningRate > 0) || l2 < 0 || batchSize < 1 || epochs < 1 || lossWindow < 1) {
            throw new IllegalArgumentException("invalid run settings: lr " + learningRate + ", l2 " + l2 + ", batch "
                    + batchSize + ", epochs " + epochs + ", window " + lossWindow);
        }
    }

    /** The network's update rule: Adam with the usual betas and epsilon and the L2 penalty. */
    public OptimizerSpec networkOptimizer() {
        return new Adam(learningRate, 0.9, 0.999, 1e-8, l2);
    }

    /** The synthesizers' update rule: the same Adam without penalty. */
    public OptimizerSpec synthesizerOptimizer() {
        return new Adam(learningRate, 0.9, 0.999, 1e-8, 0.0);
    }

    /** The random streams of this run, derived from the master seed and {@link #streamFamily}. */
    public RandomStreams random() {
        return new RandomStreams(seed).child(streamFamily);
    }

    /** The run on data of these widths, with softmax cross-entropy; the rule's streams are below {@code "method"}. */
    public TrainingSetup setup(int inputWidth, int classes, Compute compute) {
        RandomStreams random = random();
        return new TrainingSetup(network.architecture(inputWidth, classes), random,
                LossFunction.SOFTMAX_CROSS_ENTROPY.loss(),
                method.create(MiddleBoundary.of(network.depth())),
                new MethodContext(random.child("method"), synthesizerOptimizer(), compute), networkOptimizer());
    }
}
