package org.errorprop.experiments.bench;

import java.util.function.LongSupplier;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.linalg.Blas;

/**
 * The machine's dgemm rate through errorprop's BLAS path, measured in the same process as the training
 * throughput: repeated {@code C = A·B} with square matrices of side {@code n}, {@code 2n³} FLOPs each.
 */
public final class DgemmRate {
    private final LongSupplier nanoClock;
    private final Blas blas;

    public DgemmRate(LongSupplier nanoClock, Blas blas) {
        this.nanoClock = nanoClock;
        this.blas = blas;
    }

    /** GFLOP/s of {@code repeats} products after {@code repeats / 4 + 1} untimed ones. */
    public double gflopsPerSecond(int n, int repeats) {
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        DMatrixRMaj b = new DMatrixRMaj(n, n);
        DMatrixRMaj c = new DMatrixRMaj(n, n);
        for (int i = 0; i < a.data.length; i++) {
            a.data[i] = (i % 7) * 0.25 - 0.75;
            b.data[i] = (i % 5) * 0.5 - 1.0;
        }
        for (int r = 0; r <= repeats / 4; r++) {
            blas.multiply(a, b, c);
        }
        long start = nanoClock.getAsLong();
        for (int r = 0; r < repeats; r++) {
            blas.multiply(a, b, c);
        }
        double seconds = (nanoClock.getAsLong() - start) / 1e9;
        return repeats * 2.0 * n * n * n / seconds / 1e9;
    }
}
