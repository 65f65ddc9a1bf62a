package org.errorprop.experiments.bench;

import java.util.function.LongSupplier;
import org.errorprop.framework.compute.Compute;

/**
 * Measures errorprop's training throughput on the {@link BenchmarkNetwork}, as the peer does: inputs uniform in
 * [0, 1), eight batches used in turn, labels uniform over the classes, Adam 3e-4 for network and synthesizer;
 * {@code warmUp} untimed steps (the JIT, the allocator), then {@code steps} timed ones.
 */
public final class TrainingThroughput {
    private final LongSupplier nanoClock;
    private final Compute compute;

    public TrainingThroughput(LongSupplier nanoClock, Compute compute) {
        this.nanoClock = nanoClock;
        this.compute = compute;
    }

    /** {@code bp} (backprop) or {@code sg} (one linear cSG between the halves); see {@link PreparedStep}. */
    public Throughput measure(BenchmarkNetwork spec, String method, int warmUp, int steps, long seed) {
        PreparedStep step = PreparedStep.prepare(spec, method, seed, compute);
        for (int s = 0; s < warmUp; s++) {
            step.run(s);
        }
        long start = nanoClock.getAsLong();
        for (int s = 0; s < steps; s++) {
            step.run(s);
        }
        double seconds = (nanoClock.getAsLong() - start) / 1e9;
        double perSecond = steps / seconds;
        return new Throughput(method, spec.depth(), "errorprop", perSecond * spec.batch(),
                perSecond * spec.flopsPerStep(method.equals("sg")) / 1e9);
    }
}
