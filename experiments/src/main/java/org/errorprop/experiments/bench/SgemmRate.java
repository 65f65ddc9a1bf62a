package org.errorprop.experiments.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.function.LongSupplier;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.BlasKind;
import org.errorprop.framework.parallel.RangeTask;

/**
 * The machine's sgemm rate, measured in the same process as the training throughput, the ceiling of errorprop's
 * float32 products: repeated {@code C = A·B} of square float matrices of side {@code n} ({@code 2n³} FLOPs each) on
 * the netlib implementation of the {@link Compute}'s BLAS, straight on float arrays (no conversion from double, so
 * the float32-products rows are held against the kernel itself), the rows cut across the Compute's parts at
 * multiples of 24 as {@code Blas} cuts a product this large, on every part whatever the splitter's policy would
 * choose (the rate of the cores together).
 */
public final class SgemmRate {
    private static final int ROW_GRAIN = 24;

    private final LongSupplier nanoClock;
    private final Compute compute;
    private final BLAS implementation;

    public SgemmRate(LongSupplier nanoClock, Compute compute) {
        this.nanoClock = nanoClock;
        this.compute = compute;
        this.implementation = compute.blas().kind() == BlasKind.NATIVE ? NativeBLAS.getInstance()
                : JavaBLAS.getInstance();
    }

    /** GFLOP/s of {@code repeats} products after {@code repeats / 4 + 1} untimed ones. */
    public double gflopsPerSecond(int n, int repeats) {
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) * 0.25f - 0.75f;
            b[i] = (i % 5) * 0.5f - 1.0f;
        }
        RangeTask rows = (from, to) -> {
            if (to > from) {
                implementation.sgemm("N", "N", n, to - from, n, 1.0f, b, 0, n, a, from * n, n, 0.0f, c, from * n, n);
            }
        };
        for (int r = 0; r <= repeats / 4; r++) {
            compute.splitter().forEachRangeOnEveryPart(n, ROW_GRAIN, rows);
        }
        long start = nanoClock.getAsLong();
        for (int r = 0; r < repeats; r++) {
            compute.splitter().forEachRangeOnEveryPart(n, ROW_GRAIN, rows);
        }
        double seconds = (nanoClock.getAsLong() - start) / 1e9;
        return repeats * 2.0 * n * n * n / seconds / 1e9;
    }
}
