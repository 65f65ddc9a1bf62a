package org.errorprop.experiments.bench;

import java.util.function.LongSupplier;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.MatmulPrecision;

/**
 * Measures errorprop's training throughput on the {@link BenchmarkNetwork}, as the peer does: inputs uniform in
 * [0, 1), eight batches used in turn, labels uniform over the classes, Adam 3e-4 for network and synthesizer;
 * {@code warmUp} untimed steps (the JIT, the allocator), then {@code steps} timed ones. The rows are named
 * {@value #DOUBLE_PRODUCTS}, or {@value #FLOAT32_PRODUCTS} when the Compute's products run in float32.
 */
public final class TrainingThroughput {
    /** The implementation name of errorprop with double products. */
    public static final String DOUBLE_PRODUCTS = "errorprop";
    /** The implementation name of errorprop with float32 products. */
    public static final String FLOAT32_PRODUCTS = "errorprop-f32mm";

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
        String implementation = compute.precision() == MatmulPrecision.FLOAT32 ? FLOAT32_PRODUCTS : DOUBLE_PRODUCTS;
        return new Throughput(method, spec.depth(), implementation, perSecond * spec.batch(),
                perSecond * spec.flopsPerStep(method.equals("sg")) / 1e9);
    }
}
