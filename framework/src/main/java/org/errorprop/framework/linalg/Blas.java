package org.errorprop.framework.linalg;

import dev.ludovic.netlib.blas.BLAS;
import org.ejml.data.DMatrixRMaj;

/**
 * Matrix products of row-major matrices through netlib BLAS.
 *
 * <p>BLAS is column-major; a row-major {@code r × c} array is the column-major {@code c × r}
 * transpose. So {@code C = op(A) op(B)} is computed as the column-major {@code Cᵀ = op(B)ᵀ op(A)ᵀ}
 * with the operands swapped; no data is copied or transposed in memory.
 *
 * <p>Every method writes into {@code c}, which must already have the result's shape (checked) and
 * must not alias an operand.
 */
public final class Blas {
    private static final BLAS IMPLEMENTATION = BLAS.getInstance();

    private Blas() {
    }

    /** The backend the process is using. */
    public static BlasBackend backend() {
        return BlasBackend.of(IMPLEMENTATION);
    }

    /** The implementation's class name, for provenance. */
    public static String implementationName() {
        return IMPLEMENTATION.getClass().getName();
    }

    /** {@code c = a b}. */
    public static void multiply(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        gemm(false, false, 1.0, a, b, 0.0, c);
    }

    /** {@code c = aᵀ b}. */
    public static void multiplyTransposeA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        gemm(true, false, 1.0, a, b, 0.0, c);
    }

    /** {@code c = a bᵀ}. */
    public static void multiplyTransposeB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        gemm(false, true, 1.0, a, b, 0.0, c);
    }

    /**
     * {@code c = alpha op(a) op(b) + beta c}, with {@code op} the transpose where asked.
     *
     * @throws IllegalArgumentException if the shapes do not agree
     */
    public static void gemm(boolean transposeA, boolean transposeB, double alpha,
                            DMatrixRMaj a, DMatrixRMaj b, double beta, DMatrixRMaj c) {
        int m = transposeA ? a.numCols : a.numRows;
        int k = transposeA ? a.numRows : a.numCols;
        int kb = transposeB ? b.numCols : b.numRows;
        int n = transposeB ? b.numRows : b.numCols;
        if (k != kb || c.numRows != m || c.numCols != n) {
            throw new IllegalArgumentException("shapes do not agree: op(a) " + m + "x" + k + ", op(b) " + kb
                    + "x" + n + ", c " + c.numRows + "x" + c.numCols);
        }
        if (c == a || c == b) {
            throw new IllegalArgumentException("the result must not alias an operand");
        }
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            scaleInPlace(c, beta);
            return;
        }
        IMPLEMENTATION.dgemm(transposeB ? "T" : "N", transposeA ? "T" : "N", n, m, k, alpha,
                b.data, 0, Math.max(1, b.numCols), a.data, 0, Math.max(1, a.numCols), beta, c.data, 0, n);
    }

    private static void scaleInPlace(DMatrixRMaj c, double beta) {
        int size = c.getNumElements();
        for (int i = 0; i < size; i++) {
            c.data[i] = beta == 0.0 ? 0.0 : beta * c.data[i];
        }
    }
}
