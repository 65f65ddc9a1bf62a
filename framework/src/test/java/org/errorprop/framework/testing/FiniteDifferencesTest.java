package org.errorprop.framework.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The helper itself: its step, its accuracy on functions with known derivatives, its verdicts. */
class FiniteDifferencesTest {

    @Test
    void theStepIsTheCubeRootOfEpsilonScaledByTheVariable() {
        assertEquals(6.055454452393343e-6, FiniteDifferences.STEP, 1e-20);
        assertEquals(FiniteDifferences.STEP, FiniteDifferences.step(0.3), 0.0);
        assertEquals(2 * FiniteDifferences.STEP, FiniteDifferences.step(-2.0), 0.0);
    }

    @Test
    void knownDerivativesAreRecoveredWellWithinTheTolerance() {
        // f = Σ exp(x_i) + sin(3 x_i) x_i²: f' = exp + 6x sin... computed analytically below; |f'''| ≤ ~200 on [-2,2].
        DMatrixRMaj x = new DMatrixRMaj(1, 41);
        for (int i = 0; i < 41; i++) {
            x.data[i] = -2 + 0.1 * i;
        }
        DMatrixRMaj numeric = FiniteDifferences.gradient(x, () -> {
            double sum = 0;
            for (double v : x.data) {
                sum += Math.exp(v) + Math.sin(3 * v) * v * v;
            }
            return sum;
        });
        DMatrixRMaj analytic = new DMatrixRMaj(1, 41);
        for (int i = 0; i < 41; i++) {
            double v = x.data[i];
            analytic.data[i] = Math.exp(v) + 3 * Math.cos(3 * v) * v * v + 2 * v * Math.sin(3 * v);
        }
        FiniteDifferences.assertClose("exp + x² sin 3x", analytic, numeric);
        for (int i = 0; i < 41; i++) {
            // the bound of the class comment, here with κF ≈ 41·10 and |f'''| ≤ 200: ≈ 3e-8
            assertTrue(Math.abs(analytic.data[i] - numeric.data[i]) < 3e-8, "entry " + i);
            assertEquals(-2 + 0.1 * i, x.data[i], 0.0, "the variable must be restored exactly");
        }
    }

    @Test
    void theWeightedOutputFormUsesTheWeights() {
        // f = Σ R ∘ (x²) → ∂f/∂x = 2 R x.
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{0.5, -1.5}, {2.0, 0.0}});
        DMatrixRMaj r = new DMatrixRMaj(new double[][] {{1.0, -0.5}, {0.25, 3.0}});
        DMatrixRMaj square = new DMatrixRMaj(2, 2);
        DMatrixRMaj numeric = FiniteDifferences.gradientOfWeightedOutput(x, () -> {
            for (int i = 0; i < 4; i++) {
                square.data[i] = x.data[i] * x.data[i];
            }
            return square;
        }, r);
        DMatrixRMaj analytic = new DMatrixRMaj(new double[][] {{1.0, 1.5}, {1.0, 0.0}});
        FiniteDifferences.assertClose("R∘x²", analytic, numeric);
    }

    @Test
    void theVerdicts() {
        assertTrue(FiniteDifferences.close(1.0, 1.0 + 9e-7));          // within the absolute floor
        assertFalse(FiniteDifferences.close(1.0, 1.0 + 2e-6));
        assertTrue(FiniteDifferences.close(1e-9, -1e-9));              // tiny values compare absolutely
        assertTrue(FiniteDifferences.close(1e4, 1e4 * (1 + 9e-7)));    // large ones relatively
        assertFalse(FiniteDifferences.close(1e4, 1e4 * 1.01));
        assertFalse(FiniteDifferences.close(0.3, 0.3 * 1.01));
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{1, 2}});
        assertThrows(AssertionError.class, () -> FiniteDifferences.assertClose("nan", a,
                new DMatrixRMaj(new double[][] {{1, Double.NaN}})));
        assertThrows(AssertionError.class, () -> FiniteDifferences.assertClose("shape", a, new DMatrixRMaj(2, 1)));
        AssertionError error = assertThrows(AssertionError.class, () -> FiniteDifferences.assertClose("off", a,
                new DMatrixRMaj(new double[][] {{1, 2.02}})));
        assertTrue(error.getMessage().contains("entry (0,1)"), error.getMessage());
    }
}
