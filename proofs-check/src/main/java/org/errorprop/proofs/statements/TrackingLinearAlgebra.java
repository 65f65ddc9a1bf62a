package org.errorprop.proofs.statements;

import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/**
 * Small dense helpers for {@link TrackingSyntheticGradientConverges} and
 * {@link GatedSyntheticGradientDeepLinearConverges}: random matrices from a named stream, designs with
 * prescribed singular values, least-squares residuals and a rounding bound for their gradient.
 */
final class TrackingLinearAlgebra {
    private static final double EPSILON = 0x1p-52;

    private TrackingLinearAlgebra() {
    }

    /** A random {@code rows × cols} matrix with all singular values 1 (orthonormal rows or columns). */
    static DMatrixRMaj semiOrthogonal(int rows, int cols, RandomGenerator random) {
        if (rows >= cols) {
            return RandomMatrices.orthonormalColumns(rows, cols, random);
        }
        return CommonOps_DDRM.transpose(RandomMatrices.orthonormalColumns(cols, rows, random), null);
    }

    /**
     * {@code U·diag(σ)·Vᵀ} ({@code rows × cols}, {@code rows ≥ cols}) with random orthonormal {@code U},
     * {@code V} and singular values log-spaced from 1 to {@code largest}.
     */
    static DMatrixRMaj withSingularValues(int rows, int cols, double largest, RandomGenerator random) {
        DMatrixRMaj u = RandomMatrices.orthonormalColumns(rows, cols, random);
        DMatrixRMaj v = RandomMatrices.orthonormalColumns(cols, cols, random);
        for (int j = 0; j < cols; j++) {
            double sigma = cols == 1 ? 1 : Math.pow(largest, (double) j / (cols - 1));
            for (int i = 0; i < rows; i++) {
                u.unsafe_set(i, j, u.unsafe_get(i, j) * sigma);
            }
        }
        DMatrixRMaj a = new DMatrixRMaj(rows, cols);
        CommonOps_DDRM.multTransB(u, v, a);
        return a;
    }

    /**
     * A Gaussian {@code rows × cols} matrix ({@code rows = x.numRows}) projected onto the orthogonal
     * complement of {@code x}'s column space (needs {@code rows > x.numCols}).
     */
    static DMatrixRMaj orthogonalComplementNoise(DMatrixRMaj x, int cols, RandomGenerator random) {
        DMatrixRMaj g = RandomMatrices.gaussian(x.numRows, cols, 1, random);
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(x.numRows, x.numCols);
        if (!qr.decompose(x.copy())) {
            throw new IllegalStateException("QR failed");
        }
        DMatrixRMaj q = qr.getQ(null, true);
        DMatrixRMaj coefficients = new DMatrixRMaj(q.numCols, cols);
        CommonOps_DDRM.multTransA(q, g, coefficients);
        DMatrixRMaj projection = new DMatrixRMaj(x.numRows, cols);
        CommonOps_DDRM.mult(q, coefficients, projection);
        CommonOps_DDRM.subtractEquals(g, projection);
        return g;
    }

    /** {@code out = a·theta − y}. */
    static void residual(DMatrixRMaj a, DMatrixRMaj theta, DMatrixRMaj y, DMatrixRMaj out) {
        CommonOps_DDRM.mult(a, theta, out);
        CommonOps_DDRM.subtractEquals(out, y);
    }

    /**
     * A bound on the rounding error of the computed {@code Aᵀ(Aθ − Y)}: each entry of {@code Aθ − Y} is a
     * dot product of length {@code n} plus one subtraction, each entry of the gradient a dot product of
     * length {@code S}; with {@code γ_k ≤ k·u/(1 − k·u)} (Higham §3.1) the total is at most
     * {@code (S + n + 1)·u·(1 + small)·(|A|ᵀ(|A||θ| + |Y|))} entrywise, bounded here by
     * {@code (S + n)·ε·‖|A|ᵀ(|A||θ| + |Y|)‖_F} with {@code ε = 2u}.
     */
    static double gradientRoundingBound(DMatrixRMaj a, DMatrixRMaj theta, DMatrixRMaj y) {
        DMatrixRMaj absA = a.copy();
        CommonOps_DDRM.abs(absA);
        DMatrixRMaj absTheta = theta.copy();
        CommonOps_DDRM.abs(absTheta);
        DMatrixRMaj inner = new DMatrixRMaj(a.numRows, theta.numCols);
        CommonOps_DDRM.mult(absA, absTheta, inner);
        for (int i = 0; i < inner.getNumElements(); i++) {
            inner.data[i] += Math.abs(y.data[i]);
        }
        DMatrixRMaj outer = new DMatrixRMaj(a.numCols, theta.numCols);
        CommonOps_DDRM.multTransA(absA, inner, outer);
        double sum = 0;
        for (double v : outer.data) {
            sum += v * v;
        }
        return (a.numRows + a.numCols) * EPSILON * Math.sqrt(sum);
    }
}
