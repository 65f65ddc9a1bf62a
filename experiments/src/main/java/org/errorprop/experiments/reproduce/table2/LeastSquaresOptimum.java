package org.errorprop.experiments.reproduce.table2;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * The global optimum of Table 2's squared-error models, exactly: every model in the table is one affine map
 * end to end (the deep ones a product of affine maps, which with hidden width at least the number of outputs
 * can be any affine map), so the smallest mean loss {@code ½ mean_i ‖p_i − y_i‖²} is that of least squares
 * with an intercept, {@code min_W ‖X̄W − Y‖²_F / (2n)} with {@code X̄ = [X | 1]}, solved by Householder QR.
 */
final class LeastSquaresOptimum {
    private LeastSquaresOptimum() {
    }

    /** {@code min_W ‖[X | 1] W − Y‖²_F / (2n)}; needs {@code [X | 1]} of full column rank. */
    static double meanLoss(DMatrixRMaj inputs, DMatrixRMaj targets) {
        int n = inputs.numRows;
        int k = inputs.numCols;
        DMatrixRMaj design = new DMatrixRMaj(n, k + 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                design.unsafe_set(i, j, inputs.unsafe_get(i, j));
            }
            design.unsafe_set(i, k, 1.0);
        }
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquaresQrPivot(true, false);
        if (!solver.setA(design.copy())) {
            throw new IllegalStateException("least squares: the design matrix was rejected");
        }
        if (solver.quality() < 1e-12) {
            throw new IllegalArgumentException("least squares: [X | 1] is rank deficient (quality "
                    + solver.quality() + ")");
        }
        DMatrixRMaj solution = new DMatrixRMaj(k + 1, targets.numCols);
        solver.solve(targets.copy(), solution);
        DMatrixRMaj residual = new DMatrixRMaj(n, targets.numCols);
        CommonOps_DDRM.mult(design, solution, residual);
        CommonOps_DDRM.subtractEquals(residual, targets);
        double squares = 0;
        for (int i = 0; i < residual.getNumElements(); i++) {
            squares += residual.data[i] * residual.data[i];
        }
        return 0.5 * squares / n;
    }
}
