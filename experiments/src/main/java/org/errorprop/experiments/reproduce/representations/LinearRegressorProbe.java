package org.errorprop.experiments.reproduce.representations;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.errorprop.framework.linalg.Blas;

/**
 * The paper's "linear regressor probe" (§5, Supp. Fig. 8): how well the network input can be
 * reconstructed by an affine map of one hidden layer, a label-agnostic measure of how much non-linear
 * work the layers below have done. Solved exactly by least squares (normal equations with an
 * intercept), not by gradient descent, so the figure measures the layer and not an optimiser.
 *
 * <p>A tiny ridge {@code λ = 1e-9 · trace(HᵀH)/columns} keeps the normal equations solvable when units
 * are dead or collinear (ReLU layers have both); it changes a well-posed solution only at the 1e-9
 * relative level.
 */
public final class LinearRegressorProbe {
    private static final double RELATIVE_RIDGE = 1e-9;

    private LinearRegressorProbe() {
    }

    /**
     * The training mean squared error, per example and per target column, of the least-squares affine
     * map from {@code features} ({@code n × d}) to {@code targets} ({@code n × m}).
     */
    public static double meanSquaredError(DMatrixRMaj features, DMatrixRMaj targets, Blas blas) {
        if (features.numRows != targets.numRows) {
            throw new IllegalArgumentException(features.numRows + " feature rows for " + targets.numRows + " targets");
        }
        int n = features.numRows;
        int d = features.numCols + 1;
        DMatrixRMaj design = new DMatrixRMaj(n, d);
        for (int r = 0; r < n; r++) {
            System.arraycopy(features.data, r * features.numCols, design.data, r * d, features.numCols);
            design.data[r * d + features.numCols] = 1.0;
        }
        DMatrixRMaj gram = new DMatrixRMaj(d, d);
        blas.multiplyTransposeA(design, design, gram);
        double ridge = RELATIVE_RIDGE * Math.max(CommonOps_DDRM.trace(gram) / d, Double.MIN_NORMAL);
        for (int i = 0; i < d; i++) {
            gram.add(i, i, ridge);
        }
        DMatrixRMaj moments = new DMatrixRMaj(d, targets.numCols);
        blas.multiplyTransposeA(design, targets, moments);
        DMatrixRMaj weights = new DMatrixRMaj(d, targets.numCols);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(d);
        if (!solver.setA(gram)) {
            throw new IllegalStateException("the regressor probe's normal equations are not positive definite");
        }
        solver.solve(moments, weights);
        DMatrixRMaj fitted = new DMatrixRMaj(n, targets.numCols);
        blas.multiply(design, weights, fitted);
        double sum = 0;
        for (int i = 0, size = fitted.getNumElements(); i < size; i++) {
            double residual = targets.data[i] - fitted.data[i];
            sum += residual * residual;
        }
        return sum / ((double) n * targets.numCols);
    }
}
