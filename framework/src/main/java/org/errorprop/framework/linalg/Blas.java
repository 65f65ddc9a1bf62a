package org.errorprop.framework.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.errorprop.framework.parallel.RangeTask;
import org.errorprop.framework.parallel.WorkSplitter;

/**
 * Matrix products of row-major matrices through netlib BLAS.
 *
 * <p>BLAS is column-major; a row-major {@code r × c} array is the column-major {@code c × r}
 * transpose. So {@code C = op(A) op(B)} is computed as the column-major {@code Cᵀ = op(B)ᵀ op(A)ᵀ}
 * with the operands swapped; no data is copied or transposed in memory.
 *
 * <p>Every method writes into {@code c}, which must already have the result's shape (checked) and
 * must not alias an operand.
 *
 * <p>The implementation is chosen once per process by {@link BlasBackend#PROPERTY}; with {@code ejml} the products
 * go through EJML's {@code CommonOps_DDRM} instead, which is how the pure-Java path is compared with EJML on the
 * same training step.
 *
 * <p>Products of at least {@value #SPLIT_FLOPS} floating-point operations are cut by rows of {@code c} across the
 * {@link WorkSplitter#shared() shared splitter}'s threads, each range one BLAS call on offsets into the same arrays
 * (nothing copied). The cuts fall on multiples of {@value #ROW_GRAIN} rows, OpenBLAS's kernel width on AVX2: then
 * every element of {@code c} is computed by the same kernel as in the whole product and the cut does not change a
 * bit (tested; a cut at an odd row did change the last bit of an edge row). dev.ludovic.netlib's pure-Java kernels
 * do change the last bits with the cut, so there the numbers depend on the number of parts, fixed per process.
 */
public final class Blas {
    private static final BlasBackend.Choice CHOICE =
            BlasBackend.Choice.parse(System.getProperty(BlasBackend.PROPERTY, "auto"));
    /** Below this many floating-point operations a product runs whole on the caller (about 30 µs on one core). */
    static final double SPLIT_FLOPS = 1 << 20;
    /** Row cuts fall on multiples of this: OpenBLAS's dgemm kernel covers 8 columns of its (column-major) result. */
    static final int ROW_GRAIN = 8;
    private static final ThreadLocal<RowRangeProduct> PRODUCT_PARTS = ThreadLocal.withInitial(RowRangeProduct::new);
    private static final BLAS IMPLEMENTATION = switch (CHOICE) {
        case NATIVE -> NativeBLAS.getInstance();
        case JAVA -> JavaBLAS.getInstance();
        case AUTO, EJML -> BLAS.getInstance();
    };

    private Blas() {
    }

    /** The backend the process is using. */
    public static BlasBackend backend() {
        return CHOICE == BlasBackend.Choice.EJML ? BlasBackend.EJML : BlasBackend.of(IMPLEMENTATION);
    }

    /** The implementation's class name, for provenance. */
    public static String implementationName() {
        return CHOICE == BlasBackend.Choice.EJML ? CommonOps_DDRM.class.getName()
                : IMPLEMENTATION.getClass().getName();
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
        if (CHOICE == BlasBackend.Choice.EJML) {
            ejmlGemm(transposeA, transposeB, alpha, a, b, beta, c);
            return;
        }
        WorkSplitter splitter = WorkSplitter.shared();
        if (splitter.parts() > 1 && m >= 2 * ROW_GRAIN * splitter.parts() && 2.0 * m * n * k >= SPLIT_FLOPS) {
            RowRangeProduct product = PRODUCT_PARTS.get().prepare(transposeA, transposeB, alpha, a, b, beta, c);
            try {
                splitter.forEachRange(m, ROW_GRAIN, product);
            } finally {
                product.release();
            }
            return;
        }
        gemmRows(transposeA, transposeB, alpha, a, b, beta, c, 0, m);
    }

    /** Rows {@code [from, to)} of {@code c = alpha op(a) op(b) + beta c}, shapes already checked. */
    static void gemmRows(boolean transposeA, boolean transposeB, double alpha,
                         DMatrixRMaj a, DMatrixRMaj b, double beta, DMatrixRMaj c, int from, int to) {
        int rows = to - from;
        if (rows <= 0) {
            return;
        }
        int k = transposeA ? a.numRows : a.numCols;
        int n = c.numCols;
        int aOffset = transposeA ? from : from * a.numCols;
        IMPLEMENTATION.dgemm(transposeB ? "T" : "N", transposeA ? "T" : "N", n, rows, k, alpha,
                b.data, 0, Math.max(1, b.numCols), a.data, aOffset, Math.max(1, a.numCols), beta, c.data, from * n, n);
    }

    /** One product's operands, held for the duration of a split call; one per calling thread, reused. */
    private static final class RowRangeProduct implements RangeTask {
        private boolean transposeA;
        private boolean transposeB;
        private double alpha;
        private double beta;
        private DMatrixRMaj a;
        private DMatrixRMaj b;
        private DMatrixRMaj c;

        RowRangeProduct prepare(boolean transposeA, boolean transposeB, double alpha, DMatrixRMaj a, DMatrixRMaj b,
                                double beta, DMatrixRMaj c) {
            this.transposeA = transposeA;
            this.transposeB = transposeB;
            this.alpha = alpha;
            this.beta = beta;
            this.a = a;
            this.b = b;
            this.c = c;
            return this;
        }

        void release() {
            a = null;
            b = null;
            c = null;
        }

        @Override
        public void run(int from, int to) {
            gemmRows(transposeA, transposeB, alpha, a, b, beta, c, from, to);
        }
    }

    static void ejmlGemm(boolean transposeA, boolean transposeB, double alpha,
                                 DMatrixRMaj a, DMatrixRMaj b, double beta, DMatrixRMaj c) {
        if (beta != 0.0 && beta != 1.0) {
            scaleInPlace(c, beta);
        }
        boolean add = beta != 0.0;
        if (transposeA && transposeB) {
            if (add) {
                CommonOps_DDRM.multAddTransAB(alpha, a, b, c);
            } else {
                CommonOps_DDRM.multTransAB(alpha, a, b, c);
            }
        } else if (transposeA) {
            if (add) {
                CommonOps_DDRM.multAddTransA(alpha, a, b, c);
            } else {
                CommonOps_DDRM.multTransA(alpha, a, b, c);
            }
        } else if (transposeB) {
            if (add) {
                CommonOps_DDRM.multAddTransB(alpha, a, b, c);
            } else {
                CommonOps_DDRM.multTransB(alpha, a, b, c);
            }
        } else if (add) {
            CommonOps_DDRM.multAdd(alpha, a, b, c);
        } else {
            CommonOps_DDRM.mult(alpha, a, b, c);
        }
    }

    private static void scaleInPlace(DMatrixRMaj c, double beta) {
        int size = c.getNumElements();
        for (int i = 0; i < size; i++) {
            c.data[i] = beta == 0.0 ? 0.0 : beta * c.data[i];
        }
    }
}
