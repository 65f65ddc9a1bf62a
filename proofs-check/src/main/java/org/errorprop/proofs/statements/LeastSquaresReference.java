package org.errorprop.proofs.statements;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * What an independent solver (EJML) says about one {@link LinearRegressionProblem}, for
 * {@link LinearRegressionReachesGlobalOptimum} to compare against: the extreme singular values of
 * {@code X̄}, an orthonormal basis of its row space (QR of {@code X̄ᵀ}) and the least-squares solution
 * {@code W*} (Householder QR) with its residual.
 *
 * @param sMax         {@code σ_max(X̄)}
 * @param sMin         {@code σ_min(X̄)}
 * @param basis        row-major {@code (d+1)×S}: row {@code j} is the {@code j}-th basis vector of the row space
 * @param wStar        {@code W*}
 * @param residualStar {@code ‖y − W* X̄‖}
 */
record LeastSquaresReference(int samples, double sMax, double sMin, double[] basis, double[] wStar,
                             double residualStar) {

    static LeastSquaresReference of(LinearRegressionProblem problem, Object recipe) {
        int s = problem.samples();
        int m = problem.features() + 1;
        double[] xb = problem.xBar();
        DMatrixRMaj xbt = new DMatrixRMaj(s, m);
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < m; j++) {
                xbt.set(i, j, xb[j * s + i]);
            }
        }
        double sMax = 0;
        double sMin = Double.POSITIVE_INFINITY;
        for (double v : SingularOps_DDRM.singularValues(xbt.copy())) {
            sMax = Math.max(sMax, v);
            sMin = Math.min(sMin, v);
        }
        double[] wStar = leastSquares(xbt, problem.y(), recipe);
        return new LeastSquaresReference(s, sMax, sMin, rowSpaceBasis(xbt, recipe), wStar,
                residualNorm(problem, wStar));
    }

    /** {@code ‖B‖ = ‖X̄ᵀX̄‖ = σ_max²}. */
    double normB() {
        return sMax * sMax;
    }

    /** {@code b = σ_min²}, the smallest positive eigenvalue of {@code B}. */
    double b() {
        return sMin * sMin;
    }

    /** {@code κ = cond(X̄)}. */
    double kappa() {
        return sMax / sMin;
    }

    /** {@code ‖W*‖}. */
    double normWStar() {
        return Vectors.norm(wStar);
    }

    /**
     * {@code δ_LS = S(d+1)u·κ·(‖W*‖ + κ‖r*‖/σ_max)}, the forward-error bound of a backward-stable least-squares
     * solver.
     */
    double forwardErrorBound(double unitRoundoff) {
        int m = wStar.length;
        double kappa = kappa();
        return samples * m * unitRoundoff * kappa * (normWStar() + kappa * residualStar / sMax);
    }

    /** {@code ‖w − W*‖}. */
    double distanceToSolution(double[] w) {
        double error = 0;
        for (int j = 0; j < wStar.length; j++) {
            error += (w[j] - wStar[j]) * (w[j] - wStar[j]);
        }
        return Math.sqrt(error);
    }

    private static double[] rowSpaceBasis(DMatrixRMaj xbt, Object recipe) {
        int s = xbt.numRows;
        int m = xbt.numCols;
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(s, m);
        if (!qr.decompose(xbt.copy())) {
            throw new IllegalStateException("QR of X̄ᵀ failed for " + recipe);
        }
        DMatrixRMaj qm = qr.getQ(null, true);
        double[] basis = new double[m * s];
        for (int j = 0; j < m; j++) {
            for (int i = 0; i < s; i++) {
                basis[j * s + i] = qm.get(i, j);
            }
        }
        return basis;
    }

    private static double[] leastSquares(DMatrixRMaj xbt, double[] y, Object recipe) {
        int s = xbt.numRows;
        int m = xbt.numCols;
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquares(s, m);
        if (!solver.setA(xbt.copy())) {
            throw new IllegalStateException("least squares solver rejected X̄ᵀ for " + recipe);
        }
        DMatrixRMaj wStar = new DMatrixRMaj(m, 1);
        solver.solve(new DMatrixRMaj(s, 1, true, y), wStar);
        return wStar.data.clone();
    }

    private static double residualNorm(LinearRegressionProblem problem, double[] wStar) {
        int s = problem.samples();
        double[] xb = problem.xBar();
        double[] y = problem.y();
        double sum = 0;
        for (int i = 0; i < s; i++) {
            double pi = 0;
            for (int j = 0; j < wStar.length; j++) {
                pi += wStar[j] * xb[j * s + i];
            }
            sum += (y[i] - pi) * (y[i] - pi);
        }
        return Math.sqrt(sum);
    }
}
