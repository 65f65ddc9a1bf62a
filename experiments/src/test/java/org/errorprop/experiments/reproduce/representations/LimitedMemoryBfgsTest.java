package org.errorprop.experiments.reproduce.representations;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * L-BFGS on an ill-conditioned quadratic {@code f(x) = ½ Σ aᵢ (xᵢ − cᵢ)²} whose minimiser {@code c} is
 * known. Strong convexity with modulus {@code min aᵢ} bounds the distance to the minimiser by
 * {@code ‖∇f‖ / min aᵢ}, so stopping at {@code ‖∇f‖ ≤ ε} must land within {@code ε / min aᵢ} of {@code c}.
 */
class LimitedMemoryBfgsTest {
    private static final double[] CURVATURE = {1e-3, 0.01, 0.1, 1, 10, 100, 3, 0.3};
    private static final double[] MINIMISER = {4, -2, 0.5, 7, -1, 3, 0, -5};

    private static double quadratic(double[] x, double[] gradient) {
        double value = 0;
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - MINIMISER[i];
            value += 0.5 * CURVATURE[i] * d * d;
            gradient[i] = CURVATURE[i] * d;
        }
        return value;
    }

    @Test
    void reachesTheMinimiserWithinTheStrongConvexityBound() {
        double tolerance = 1e-9;
        LimitedMemoryBfgs.Result result = new LimitedMemoryBfgs(5, tolerance, 10_000)
                .minimise(LimitedMemoryBfgsTest::quadratic, new double[CURVATURE.length]);
        assertTrue(result.converged(), "gradient norm " + result.gradientNorm());
        assertTrue(result.gradientNorm() <= tolerance);
        double bound = tolerance / 1e-3;
        for (int i = 0; i < MINIMISER.length; i++) {
            assertTrue(Math.abs(result.x()[i] - MINIMISER[i]) <= bound,
                    "x[" + i + "] = " + result.x()[i] + ", minimiser " + MINIMISER[i]);
        }
    }

    @Test
    void aStepCapShortOfConvergenceIsReportedAsNotConverged() {
        LimitedMemoryBfgs.Result result = new LimitedMemoryBfgs(5, 1e-9, 2)
                .minimise(LimitedMemoryBfgsTest::quadratic, new double[CURVATURE.length]);
        assertFalse(result.converged());
        assertTrue(result.iterations() == 2 && result.gradientNorm() > 1e-9, result.toString());
    }
}
