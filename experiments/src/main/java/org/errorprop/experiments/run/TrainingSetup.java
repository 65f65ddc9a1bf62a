package org.errorprop.experiments.run;

import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;

/**
 * What one training run is built from, as every experiment configures it; {@link Trainer} builds and
 * trains it.
 *
 * @param architecture  the network
 * @param random        the run's streams: the weights come from its {@code "init/..."} streams and the
 *                      data order from its {@code "data/shuffle"}, so runs that share them start from the
 *                      same weights and see the same batches
 * @param loss          the training loss
 * @param method        the propagation rule
 * @param methodContext the rule's own streams, the optimiser of its trainable signals, and where the network
 *                      and the signals compute
 * @param optimizer     the network's optimiser
 */
public record TrainingSetup(Architecture architecture, RandomStreams random, Loss loss, Method method,
                            MethodContext methodContext, OptimizerSpec optimizer) {

    /**
     * The run a {@link RunSpec} describes on data of the given widths: streams of the spec's seed, the
     * rule's streams below {@code "method"}, computing on {@code compute} with the spec's product precision
     * ({@link Compute#withPrecision}: the same workers, products of the run's own when the precision differs).
     */
    public static TrainingSetup of(RunSpec spec, int inputWidth, int outputWidth, Compute compute) {
        RandomStreams random = new RandomStreams(spec.seed());
        return new TrainingSetup(spec.architecture(inputWidth, outputWidth), random, spec.loss().loss(),
                spec.rule().create(),
                new MethodContext(random.child("method"), spec.signalOptimizerSpec(),
                        compute.withPrecision(spec.matmulPrecision())), spec.optimizerSpec());
    }
}
