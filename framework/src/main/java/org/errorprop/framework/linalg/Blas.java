package org.errorprop.framework.linalg;

import dev.ludovic.netlib.blas.BLAS;
import java.util.concurrent.atomic.AtomicBoolean;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.parallel.RangeTask;
import org.errorprop.framework.parallel.WorkSplitter;

/**
 * Matrix products of row-major matrices through netlib BLAS (or EJML), on one {@link BlasBackend} and one
 * {@link WorkSplitter}; one instance per {@link org.errorprop.framework.compute.Compute}.
 *
 * <p>BLAS is column-major; a row-major {@code r × c} array is the column-major {@code c × r}
 * transpose. So {@code C = op(A) op(B)} is computed as the column-major {@code Cᵀ = op(B)ᵀ op(A)ᵀ}
 * with the operands swapped; no data is copied or transposed in memory.
 *
 * <p>Every method writes into {@code c}, which must already have the result's shape (checked) and
 * must not alias an operand.
 *
 * <p><b>Splitting.</b> A product is cut by rows of {@code c} across the splitter's parts only when the cut cannot
 * change a bit with OpenBLAS, whichever kernel it picks ({@link #splits}): cuts fall on multiples of
 * {@value #ROW_GRAIN} rows, and every part must stay above OpenBLAS's small-matrix limit. The derivation and the
 * measurements are in {@code paper-notes/decisions/ADR-0007-the-compute-context.md}. dev.ludovic.netlib's pure-Java
 * kernels do change the last bits with the cut, so there the numbers depend on the number of parts.
 *
 * <p><b>Precision.</b> With {@link MatmulPrecision#FLOAT32} every product is {@code sgemm} on float copies of the
 * operands ({@link SinglePrecisionProduct}); the same split rule keeps its bits (OpenBLAS's sgemm kernels, measured
 * in {@code paper-notes/decisions/ADR-0009-matmul-precision.md}). The EJML backend has no float32 products.
 */
public final class Blas {
    /**
     * Row cuts fall on multiples of this: OpenBLAS's Haswell dgemm kernel covers 8 columns of its (column-major)
     * result at a time, its SkylakeX/Cooperlake kernel 12; a cut on a multiple of both leaves every element on the
     * same kernel code as in the whole product. Haswell's sgemm kernel needs multiples of 12, SkylakeX's none
     * (ADR-0009): 24 serves both precisions.
     */
    static final int ROW_GRAIN = 24;
    /**
     * OpenBLAS (0.3.21, SkylakeX and Cooperlake kernels) sends a dgemm or sgemm of at most this many multiply-adds
     * ({@code m·n·k}) to a separate small-matrix kernel that rounds differently; a split is allowed only when every
     * part has more, so that the parts take the same path as the whole.
     */
    static final long SMALL_KERNEL_MULTIPLY_ADDS = 1_000_000;

    private final BlasBackend choice;
    private final BLAS implementation;
    private final WorkSplitter splitter;
    private final MatmulPrecision precision;
    private final RowRangeProduct parts = new RowRangeProduct();
    private final AtomicBoolean partsInUse = new AtomicBoolean();
    private final SinglePrecisionProduct single;
    private final AtomicBoolean singleInUse = new AtomicBoolean();

    /** Double products on {@code backend}, cut across {@code splitter}'s parts where that changes no bit. */
    public Blas(BlasBackend backend, WorkSplitter splitter) {
        this(backend, splitter, MatmulPrecision.FLOAT64);
    }

    /**
     * Products in {@code precision} on {@code backend}, cut across {@code splitter}'s parts where that changes no
     * bit.
     *
     * @throws InvalidInputException for float32 products on the EJML backend, which multiplies in double only
     */
    public Blas(BlasBackend backend, WorkSplitter splitter, MatmulPrecision precision) {
        if (backend == BlasBackend.EJML && precision == MatmulPrecision.FLOAT32) {
            throw new InvalidInputException("float32 products need netlib's BLAS (backend auto, native or java); "
                    + "the ejml backend multiplies in double only");
        }
        this.choice = backend;
        this.implementation = backend.implementation();
        this.splitter = splitter;
        this.precision = precision;
        this.single = new SinglePrecisionProduct(implementation);
    }

    /** The precision the products run in. */
    public MatmulPrecision precision() {
        return precision;
    }

    /** What carries the products. */
    public BlasKind kind() {
        return choice == BlasBackend.EJML ? BlasKind.EJML : BlasKind.of(implementation);
    }

    /** The implementation's class name, for provenance. */
    public String implementationName() {
        return choice == BlasBackend.EJML ? CommonOps_DDRM.class.getName() : implementation.getClass().getName();
    }

    /** {@code c = a b}. */
    public void multiply(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        gemm(false, false, 1.0, a, b, 0.0, c);
    }

    /** {@code c = aᵀ b}. */
    public void multiplyTransposeA(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        gemm(true, false, 1.0, a, b, 0.0, c);
    }

    /** {@code c = a bᵀ}. */
    public void multiplyTransposeB(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
        gemm(false, true, 1.0, a, b, 0.0, c);
    }

    /**
     * {@code c = alpha op(a) op(b) + beta c}, with {@code op} the transpose where asked.
     *
     * @throws IllegalArgumentException if the shapes do not agree
     */
    public void gemm(boolean transposeA, boolean transposeB, double alpha,
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
        if (choice == BlasBackend.EJML) {
            ejmlGemm(transposeA, transposeB, alpha, a, b, beta, c);
            return;
        }
        if (precision == MatmulPrecision.FLOAT32) {
            singleGemm(transposeA, transposeB, alpha, a, b, beta, c, m, n, k);
            return;
        }
        if (!splits(m, n, k)) {
            gemmRows(transposeA, transposeB, alpha, a, b, beta, c, 0, m);
        } else if (partsInUse.compareAndSet(false, true)) {
            try {
                splitter.forEachRange(m, ROW_GRAIN, parts.prepare(transposeA, transposeB, alpha, a, b, beta, c));
            } finally {
                parts.release();
                partsInUse.set(false);
            }
        } else {
            // another thread is in a split product of this instance: the same ranges, in order, on this thread
            for (int p = 0; p < splitter.parts(); p++) {
                gemmRows(transposeA, transposeB, alpha, a, b, beta, c, splitter.start(m, ROW_GRAIN, p),
                        splitter.start(m, ROW_GRAIN, p + 1));
            }
        }
    }

    /**
     * The float32 product: this instance's float buffers, or fresh ones while another thread holds them (the same
     * numbers); rows split by the same rule as the double products.
     */
    private void singleGemm(boolean transposeA, boolean transposeB, double alpha, DMatrixRMaj a, DMatrixRMaj b,
                            double beta, DMatrixRMaj c, int m, int n, int k) {
        boolean own = singleInUse.compareAndSet(false, true);
        SinglePrecisionProduct product = own ? single : new SinglePrecisionProduct(implementation);
        try {
            product.prepare(transposeA, transposeB, alpha, a, b, beta, c, splitter);
            if (splits(m, n, k)) {
                splitter.forEachRange(m, ROW_GRAIN, product);
            } else {
                product.run(0, m);
            }
        } finally {
            product.release();
            if (own) {
                singleInUse.set(false);
            }
        }
    }

    /**
     * Whether an {@code m × k} by {@code k × n} product is cut across the parts: only when every part has at least
     * one grain of rows and more than {@value #SMALL_KERNEL_MULTIPLY_ADDS} multiply-adds.
     */
    boolean splits(int m, int n, int k) {
        int parts = splitter.parts();
        if (parts == 1) {
            return false;
        }
        long smallest = Long.MAX_VALUE;
        for (int p = 0; p < parts; p++) {
            smallest = Math.min(smallest, splitter.start(m, ROW_GRAIN, p + 1) - splitter.start(m, ROW_GRAIN, p));
        }
        return smallest >= ROW_GRAIN && smallest * n * k > SMALL_KERNEL_MULTIPLY_ADDS;
    }

    /** Rows {@code [from, to)} of {@code c = alpha op(a) op(b) + beta c}, shapes already checked. */
    void gemmRows(boolean transposeA, boolean transposeB, double alpha,
                  DMatrixRMaj a, DMatrixRMaj b, double beta, DMatrixRMaj c, int from, int to) {
        int rows = to - from;
        if (rows <= 0) {
            return;
        }
        int k = transposeA ? a.numRows : a.numCols;
        int n = c.numCols;
        int aOffset = transposeA ? from : from * a.numCols;
        implementation.dgemm(transposeB ? "T" : "N", transposeA ? "T" : "N", n, rows, k, alpha,
                b.data, 0, Math.max(1, b.numCols), a.data, aOffset, Math.max(1, a.numCols), beta, c.data, from * n, n);
    }

    /** One product's operands, held for the duration of a split call; one per instance, reused. */
    private final class RowRangeProduct implements RangeTask {
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
