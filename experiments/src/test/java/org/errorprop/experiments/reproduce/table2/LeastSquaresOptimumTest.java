package org.errorprop.experiments.reproduce.table2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class LeastSquaresOptimumTest {
    /** Double precision unit roundoff. */
    private static final double U = 0x1p-53;

    /**
     * x = 0, 1, 2 and y = 0, 0, 3: the least-squares line is y = 1.5x − 0.5 (slope Σ(x−x̄)(y−ȳ)/Σ(x−x̄)² = 3/2,
     * intercept ȳ − 1.5x̄), residuals 0.5, −1, 0.5, so the mean loss is ½·1.5/3 = 0.25. QR on a 3×2 system
     * with entries ≤ 3 is backward stable: the loss is right to a few hundred u.
     */
    @Test
    void lineThroughThreePointsByHand() {
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{0}, {1}, {2}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{0}, {0}, {3}});
        assertEquals(0.25, LeastSquaresOptimum.meanLoss(x, y), 1000 * U);
    }

    /**
     * Targets exactly affine in the inputs (two outputs): the optimum is 0 up to rounding. Targets are below 10
     * and the design is well conditioned, so each residual is below 1000·u·10 and the mean loss below half its
     * square.
     */
    @Test
    void affineTargetsHaveZeroOptimum() {
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1, 2}, {-1, 0.5}, {3, -2}, {0, 0}, {2, 1}});
        DMatrixRMaj y = new DMatrixRMaj(5, 2);
        for (int i = 0; i < 5; i++) {
            y.set(i, 0, 2 * x.get(i, 0) - x.get(i, 1) + 0.5);
            y.set(i, 1, -x.get(i, 0) + 3);
        }
        double loss = LeastSquaresOptimum.meanLoss(x, y);
        assertTrue(loss >= 0 && loss < 0.5 * Math.pow(1000 * U * 10, 2), "loss " + loss);
    }

    /** Breaking the hypothesis (full column rank of [X | 1]): a constant feature duplicates the intercept. */
    @Test
    void rankDeficientDesignIsRejected() {
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1}, {1}, {1}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{0}, {1}, {2}});
        assertThrows(IllegalArgumentException.class, () -> LeastSquaresOptimum.meanLoss(x, y));
    }
}
