package org.errorprop.experiments.bench;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.function.LongSupplier;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.BlasKind;
import org.errorprop.framework.linalg.MatmulPrecision;
import org.errorprop.framework.parallel.RangeTask;

/**
 * The machine's dgemm or sgemm rate, measured in the same process as the training throughput, the ceiling of the
 * training rows of that precision: repeated {@code C = A·B} of square matrices of side {@code n} ({@code 2n³} FLOPs
 * each) on the netlib implementation of the {@link Compute}'s BLAS, straight on double or float arrays (no conversion,
 * so the float32-products rows are held against the kernel itself), the rows cut across all the Compute's parts at
 * multiples of 24 as {@code Blas} cuts a product this large, whatever the splitter's policy would choose (the rate of
 * the cores together). On the EJML backend (double only), EJML's own product, whole.
 */
public final class GemmRate {
    private static final int ROW_GRAIN = 24;

    private final LongSupplier nanoClock;
    private final Compute compute;
    private final BLAS implementation;

    public GemmRate(LongSupplier nanoClock, Compute compute) {
        this.nanoClock = nanoClock;
        this.compute = compute;
        this.implementation = compute.blas().kind() == BlasKind.NATIVE ? NativeBLAS.getInstance()
                : JavaBLAS.getInstance();
    }

    /** GFLOP/s of {@code repeats} products in {@code precision} after {@code repeats / 4 + 1} untimed ones. */
    public double gflopsPerSecond(MatmulPrecision precision, int n, int repeats) {
        RangeTask rows = precision == MatmulPrecision.FLOAT32 ? singleRows(n) : doubleRows(n);
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

    private RangeTask doubleRows(int n) {
        double[] a = new double[n * n];
        double[] b = new double[n * n];
        double[] c = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) * 0.25 - 0.75;
            b[i] = (i % 5) * 0.5 - 1.0;
        }
        if (compute.blas().kind() == BlasKind.EJML) {
            DMatrixRMaj left = DMatrixRMaj.wrap(n, n, a);
            DMatrixRMaj right = DMatrixRMaj.wrap(n, n, b);
            DMatrixRMaj product = DMatrixRMaj.wrap(n, n, c);
            // the whole product on the first range, nothing on the others
            return (from, to) -> {
                if (from == 0) {
                    compute.blas().multiply(left, right, product);
                }
            };
        }
        return (from, to) -> {
            if (to > from) {
                implementation.dgemm("N", "N", n, to - from, n, 1.0, b, 0, n, a, from * n, n, 0.0, c, from * n, n);
            }
        };
    }

    private RangeTask singleRows(int n) {
        float[] a = new float[n * n];
        float[] b = new float[n * n];
        float[] c = new float[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (i % 7) * 0.25f - 0.75f;
            b[i] = (i % 5) * 0.5f - 1.0f;
        }
        return (from, to) -> {
            if (to > from) {
                implementation.sgemm("N", "N", n, to - from, n, 1.0f, b, 0, n, a, from * n, n, 0.0f, c, from * n, n);
            }
        };
    }
}
