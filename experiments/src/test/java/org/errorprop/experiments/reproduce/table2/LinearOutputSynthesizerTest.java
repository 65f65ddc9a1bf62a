package org.errorprop.experiments.reproduce.table2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.errorprop.framework.loss.SquaredError;
import org.errorprop.framework.network.Parameter;
import org.junit.jupiter.api.Test;

/**
 * For squared error the true output gradient is {@code p − y}, which the linear SG represents exactly with
 * {@code A = I, B = −I, C = 0} (Theorem 1's premise): there its regression gradient vanishes.
 */
class LinearOutputSynthesizerTest {
    private static final DMatrixRMaj OUTPUTS = new DMatrixRMaj(new double[][] {{0.3, -1.2}, {2.0, 0.1}, {-0.4, 0.7}});
    private static final DMatrixRMaj LABELS = new DMatrixRMaj(new double[][] {{1, 0}, {0, 1}, {1, 0}});

    private static double worstGradient(double labelCoefficient) {
        LinearOutputSynthesizer sg = new LinearOutputSynthesizer(2, 3);
        Parameter a = sg.parameters().get(0);
        Parameter b = sg.parameters().get(1);
        a.value().setTo(CommonOps_DDRM.identity(2));
        b.value().setTo(CommonOps_DDRM.identity(2));
        CommonOps_DDRM.scale(labelCoefficient, b.value());
        DMatrixRMaj truth = new DMatrixRMaj(3, 2);
        new SquaredError().outputError(OUTPUTS, LABELS, truth);
        sg.predict(OUTPUTS, LABELS);
        sg.regressionGradient(OUTPUTS, LABELS, truth);
        double worst = 0;
        for (Parameter p : sg.parameters()) {
            for (double g : p.gradient().data) {
                worst = Math.max(worst, Math.abs(g));
            }
        }
        return worst;
    }

    /** pI − yI − (p − y) is computed exactly up to one rounding per entry: zero within a few u. */
    @Test
    void exactRepresentationHasZeroRegressionGradient() {
        assertEquals(0, worstGradient(-1), 1e-15);
    }

    /** Breaking the hypothesis: B = +I predicts p + y, off by 2y, so the regression gradient is O(1). */
    @Test
    void wrongLabelCoefficientIsNotAFixedPoint() {
        assertTrue(worstGradient(+1) > 0.1);
    }

    @Test
    void zeroInitialisedSgPredictsZero() {
        LinearOutputSynthesizer sg = new LinearOutputSynthesizer(2, 3);
        DMatrixRMaj prediction = sg.predict(OUTPUTS, LABELS);
        for (double v : prediction.data) {
            assertEquals(0.0, v);
        }
    }
}
