package org.errorprop.framework.linalg;

import dev.ludovic.netlib.blas.BLAS;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.parallel.RangeTask;
import org.errorprop.framework.parallel.WorkSplitter;

/**
 * One {@link MatmulPrecision#FLOAT32} product of a {@link Blas}: the operands rounded to float, {@code sgemm} on
 * rows {@code [from, to)} of the result, and those rows written back as {@code c = alpha·P + beta·c} in double,
 * {@code P} the float product widened exactly. Its float buffers grow to the largest product seen and are reused;
 * one instance serves one product at a time (its {@link Blas} claims it).
 */
final class SinglePrecisionProduct implements RangeTask {
    private static final float[] EMPTY = new float[0];

    private final BLAS implementation;
    private final Rounding rounding = new Rounding();
    private float[] a = EMPTY;
    private float[] b = EMPTY;
    private float[] product = EMPTY;
    private boolean transposeA;
    private boolean transposeB;
    private double alpha;
    private double beta;
    private DMatrixRMaj c;
    private int aColumns;
    private int bColumns;
    private int k;

    SinglePrecisionProduct(BLAS implementation) {
        this.implementation = implementation;
    }

    /**
     * Rounds {@code a} and {@code b} to float (elementwise, so cut across {@code splitter}'s parts when large, with
     * the same result) and holds the product's settings until {@link #release}. Shapes already checked.
     */
    SinglePrecisionProduct prepare(boolean transposeA, boolean transposeB, double alpha, DMatrixRMaj a,
                                   DMatrixRMaj b, double beta, DMatrixRMaj c, WorkSplitter splitter) {
        int aSize = a.numRows * a.numCols;
        int bSize = b.numRows * b.numCols;
        int cSize = c.numRows * c.numCols;
        if (this.a.length < aSize) {
            this.a = new float[aSize];
        }
        if (this.b.length < bSize) {
            this.b = new float[bSize];
        }
        if (product.length < cSize) {
            product = new float[cSize];
        }
        splitter.forEachRangeIfLarge(aSize, aSize, rounding.of(a.data, this.a));
        splitter.forEachRangeIfLarge(bSize, bSize, rounding.of(b.data, this.b));
        rounding.release();
        this.transposeA = transposeA;
        this.transposeB = transposeB;
        this.alpha = alpha;
        this.beta = beta;
        this.c = c;
        this.aColumns = a.numCols;
        this.bColumns = b.numCols;
        this.k = transposeA ? a.numRows : a.numCols;
        return this;
    }

    /** Drops the reference to the result matrix (the buffers stay for the next product). */
    void release() {
        c = null;
    }

    /** Rows {@code [from, to)} of the result (see the class comment); row-major as in {@link Blas#gemmRows}. */
    @Override
    public void run(int from, int to) {
        int rows = to - from;
        if (rows <= 0) {
            return;
        }
        int n = c.numCols;
        int aOffset = transposeA ? from : from * aColumns;
        implementation.sgemm(transposeB ? "T" : "N", transposeA ? "T" : "N", n, rows, k, 1.0f,
                b, 0, Math.max(1, bColumns), a, aOffset, Math.max(1, aColumns), 0.0f, product, from * n, n);
        double[] out = c.data;
        int end = to * n;
        if (beta == 0.0) {
            for (int i = from * n; i < end; i++) {
                out[i] = alpha * product[i];
            }
        } else {
            for (int i = from * n; i < end; i++) {
                out[i] = alpha * product[i] + beta * out[i];
            }
        }
    }

    /** Doubles to floats, rounded to nearest, over a range of elements. */
    private static final class Rounding implements RangeTask {
        private double[] from;
        private float[] to;

        Rounding of(double[] source, float[] target) {
            this.from = source;
            this.to = target;
            return this;
        }

        void release() {
            from = null;
            to = null;
        }

        @Override
        public void run(int start, int end) {
            double[] source = from;
            float[] target = to;
            for (int i = start; i < end; i++) {
                target[i] = (float) source[i];
            }
        }
    }
}
