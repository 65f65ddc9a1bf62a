package org.errorprop.experiments.reproduce.depth;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.training.SequentialTraining;
import org.errorprop.framework.training.TrainingConfig;
import org.errorprop.framework.training.TrainingStep;

/**
 * Trains one {@link DepthRunSpec} with the framework's sequential schedule, as
 * {@link org.errorprop.experiments.run.TrainingRun} does, and keeps what the depth figures need: the
 * learning curve and the final squared weight norms of the hidden layers.
 */
public final class DepthRun {
    /** Trains on {@code data} (inputs used as given; the paper scales them to [0, 1] and nothing else). */
    public DepthRunResult train(DepthRunSpec spec, DataSplit data) {
        RandomStreams random = spec.random();
        DepthNetwork shape = spec.network();
        Network network = shape.architecture(data.train().inputWidth(), data.train().outputWidth()).build(random);
        Method method = spec.method().create(shape.depth());
        LossFunction loss = LossFunction.SOFTMAX_CROSS_ENTROPY;
        TrainingStep step = new TrainingStep(network, loss.loss(), method, spec.networkOptimizer(),
                new MethodContext(random.child("method"), spec.synthesizerOptimizer()));
        List<Double> initialNorms = hiddenSquaredNorms(network, shape.depth());
        CurveRecorder recorder = new CurveRecorder(spec.lossWindow());
        new SequentialTraining(network, loss.loss(), step, random, System::nanoTime)
                .run(data, new TrainingConfig(spec.epochs(), spec.batchSize()), recorder);
        return new DepthRunResult(spec, recorder.curve(), initialNorms, hiddenSquaredNorms(network, shape.depth()));
    }

    /** {@code ‖W_k‖²_F} of hidden layers {@code k = 1..depth}, the output layer left out. */
    static List<Double> hiddenSquaredNorms(Network network, int depth) {
        List<Double> norms = new ArrayList<>(depth);
        for (int k = 1; k <= depth; k++) {
            DMatrixRMaj w = network.block(k).linear().weight().value();
            double sum = 0;
            for (int i = 0, n = w.getNumElements(); i < n; i++) {
                sum += w.data[i] * w.data[i];
            }
            norms.add(sum);
        }
        return norms;
    }
}
