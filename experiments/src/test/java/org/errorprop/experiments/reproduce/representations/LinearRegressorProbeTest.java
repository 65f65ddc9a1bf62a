package org.errorprop.experiments.reproduce.representations;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The regressor probe's least squares on problems solved by hand. The ridge is {@code 1e-9} of the mean
 * diagonal of {@code HᵀH}, so it moves a well-posed solution by about {@code 1e-9} relative; the
 * tolerances allow 1e-7 relative, two orders above that and far below any formula error.
 */
class LinearRegressorProbeTest {
    private static final Compute COMPUTE = Compute.sequential();


    @Test
    void anAffineTargetIsReconstructedExactly() {
        DMatrixRMaj features = new DMatrixRMaj(new double[][] {{0, 1}, {1, 0}, {2, 3}, {4, 1}, {3, 3}});
        DMatrixRMaj targets = new DMatrixRMaj(5, 1);
        for (int r = 0; r < 5; r++) {
            targets.set(r, 0, 2 * features.get(r, 0) - features.get(r, 1) + 0.5);
        }
        // the targets have variance of order 5; a 1e-9 relative error leaves an MSE far below 1e-12
        assertEquals(0.0, LinearRegressorProbe.meanSquaredError(features, targets, COMPUTE.blas()), 1e-12);
    }

    @Test
    void withoutFeaturesTheErrorIsTheVariance() {
        DMatrixRMaj targets = new DMatrixRMaj(new double[][] {{1}, {2}, {3}, {4}});
        // mean 2.5; squared deviations 2.25, 0.25, 0.25, 2.25; mean 1.25
        assertEquals(1.25, LinearRegressorProbe.meanSquaredError(new DMatrixRMaj(4, 0), targets, COMPUTE.blas()), 1.25e-7);
    }

    @Test
    void aNonLinearTargetLeavesTheHandDerivedResidual() {
        // y = x² on x = −1, 0, 1: by symmetry the best slope is 0 and the intercept 2/3; the residuals
        // 1/3, −2/3, 1/3 give MSE (1 + 4 + 1)/27 = 2/9, so the "exactly linear" check would fail here
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{-1}, {0}, {1}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1}, {0}, {1}});
        double mse = LinearRegressorProbe.meanSquaredError(x, y, COMPUTE.blas());
        assertEquals(2.0 / 9.0, mse, 2.0 / 9.0 * 1e-7);
        assertTrue(mse > 1e-12);
    }
}
