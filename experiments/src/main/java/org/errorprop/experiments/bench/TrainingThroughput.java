package org.errorprop.experiments.bench;

import java.util.List;
import java.util.function.LongSupplier;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.training.TrainingStep;
import org.errorprop.methods.MethodCatalog;
import org.errorprop.methods.MethodOptions;
import org.errorprop.methods.SgPlacement;
import org.errorprop.methods.SynthesizerKind;

/**
 * Measures errorprop's training throughput on the {@link BenchmarkNetwork}, as the peer does: inputs uniform in
 * [0, 1), eight batches used in turn, labels uniform over the classes, Adam 3e-4 for network and synthesizer;
 * {@code warmUp} untimed steps (the JIT, the allocator), then {@code steps} timed ones.
 */
public final class TrainingThroughput {
    /** The peer's learning rate. */
    static final double LEARNING_RATE = 3e-4;
    private static final int BATCHES = 8;

    private final LongSupplier nanoClock;

    public TrainingThroughput(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** {@code bp} (backprop) or {@code sg} (one linear cSG between the halves). */
    public Throughput measure(BenchmarkNetwork spec, String method, int warmUp, int steps, long seed) {
        RandomStreams random = new RandomStreams(seed);
        Network network = spec.architecture().build(random.child("bench"));
        Adam adam = Adam.withLearningRate(LEARNING_RATE);
        TrainingStep step = new TrainingStep(network, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), create(spec, method),
                adam, new MethodContext(random.child("bench/method"), adam));
        List<DMatrixRMaj[]> batches = batches(spec, random.stream("bench/data"));
        for (int s = 0; s < warmUp; s++) {
            DMatrixRMaj[] batch = batches.get(s % BATCHES);
            step.run(batch[0], batch[1]);
        }
        long start = nanoClock.getAsLong();
        for (int s = 0; s < steps; s++) {
            DMatrixRMaj[] batch = batches.get(s % BATCHES);
            step.run(batch[0], batch[1]);
        }
        double seconds = (nanoClock.getAsLong() - start) / 1e9;
        double perSecond = steps / seconds;
        return new Throughput(method, spec.depth(), "errorprop", perSecond * spec.batch(),
                perSecond * spec.flopsPerStep(method.equals("sg")) / 1e9);
    }

    private static Method create(BenchmarkNetwork spec, String method) {
        MethodCatalog catalog = MethodCatalog.standard();
        return switch (method) {
            case "bp" -> catalog.create("backprop");
            case "sg" -> catalog.create("csg", MethodOptions.defaults().withSynthesizer(SynthesizerKind.LINEAR)
                    .withPlacement(SgPlacement.at(List.of(spec.synthesizerBoundary()))));
            default -> throw new IllegalArgumentException("bench methods are bp and sg, not " + method);
        };
    }

    private static List<DMatrixRMaj[]> batches(BenchmarkNetwork spec, RandomGenerator random) {
        List<DMatrixRMaj[]> batches = new java.util.ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            DMatrixRMaj inputs = new DMatrixRMaj(spec.batch(), BenchmarkNetwork.INPUTS);
            for (int i = 0; i < inputs.data.length; i++) {
                inputs.data[i] = random.nextDouble();
            }
            DMatrixRMaj targets = new DMatrixRMaj(spec.batch(), BenchmarkNetwork.CLASSES);
            for (int r = 0; r < spec.batch(); r++) {
                targets.set(r, random.nextInt(BenchmarkNetwork.CLASSES), 1.0);
            }
            batches.add(new DMatrixRMaj[] {inputs, targets});
        }
        return batches;
    }
}
