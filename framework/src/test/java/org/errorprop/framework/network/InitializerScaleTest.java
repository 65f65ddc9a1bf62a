package org.errorprop.framework.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.random.RandomStreams;
import org.junit.jupiter.api.Test;

/**
 * Each initialiser's distribution against its formula, on one {@code 40 × 2500} matrix ({@code n = 10⁵} draws,
 * fan-in 40, fan-out 2500, so that a fan-in swapped for a fan-out or a sum for a difference is far off).
 *
 * <p><b>Tolerances</b>, from the sample size: the sample mean of {@code n} draws of variance {@code σ²} has
 * standard error {@code σ/√n}; the mean of {@code w²} has standard error {@code √(Var w²/n)}, with
 * {@code Var w² = 2σ⁴} for a normal and {@code 4a⁴/45} for {@code U(−a, a)}. Each check allows 5 standard
 * errors (a chance of about {@code 6·10⁻⁷} that a correct initialiser fails, and the draws are seeded, so the
 * outcome is fixed). For the uniform ones the largest {@code |w|} must lie in {@code [a(1 − 10⁻³), a]}: the
 * upper end is the support, and all {@code n} draws stay below {@code a(1 − 10⁻³)} with probability
 * {@code (1 − 10⁻³)ⁿ ≈ e⁻¹⁰⁰}.
 */
class InitializerScaleTest {
    private static final int FAN_IN = 40;
    private static final int FAN_OUT = 2500;
    private static final int N = FAN_IN * FAN_OUT;
    private static final double STANDARD_ERRORS = 5;

    private static DMatrixRMaj draw(Initializer initializer) {
        DMatrixRMaj w = new DMatrixRMaj(FAN_IN, FAN_OUT);
        initializer.fill(w, new RandomStreams(11).startOf("init/" + initializer.name()));
        return w;
    }

    private static double mean(DMatrixRMaj w) {
        double sum = 0;
        for (int i = 0; i < N; i++) {
            sum += w.data[i];
        }
        return sum / N;
    }

    private static double meanSquare(DMatrixRMaj w) {
        double sum = 0;
        for (int i = 0; i < N; i++) {
            sum += w.data[i] * w.data[i];
        }
        return sum / N;
    }

    private static double largestMagnitude(DMatrixRMaj w) {
        double max = 0;
        for (int i = 0; i < w.getNumElements(); i++) {
            max = Math.max(max, Math.abs(w.data[i]));
        }
        return max;
    }

    /** Mean 0, {@code E w² = a²/3}, support {@code [−a, a]}. */
    private static void assertUniform(DMatrixRMaj w, double a, String what) {
        double variance = a * a / 3;
        assertEquals(0, mean(w), STANDARD_ERRORS * Math.sqrt(variance / N), what + ": mean");
        assertEquals(variance, meanSquare(w), STANDARD_ERRORS * Math.sqrt(4 * Math.pow(a, 4) / 45 / N),
                what + ": mean square");
        double largest = largestMagnitude(w);
        assertTrue(largest <= a && largest >= a * (1 - 1e-3), what + ": largest |w| " + largest + ", bound " + a);
    }

    @Test
    void heNormalHasMeanZeroAndVarianceTwoOverFanIn() {
        DMatrixRMaj w = draw(Initializer.HE_NORMAL);
        double variance = 2.0 / FAN_IN;
        assertEquals(0, mean(w), STANDARD_ERRORS * Math.sqrt(variance / N), "mean");
        assertEquals(variance, meanSquare(w), STANDARD_ERRORS * Math.sqrt(2 * variance * variance / N), "variance");
    }

    @Test
    void glorotUniformIsUniformOnPlusMinusRootSixOverFanInPlusFanOut() {
        assertUniform(draw(Initializer.GLOROT_UNIFORM), Math.sqrt(6.0 / (FAN_IN + FAN_OUT)), "Glorot");
    }

    @Test
    void theDefaultIsUniformOnPlusMinusOneOverRootFanIn() {
        assertUniform(draw(Initializer.UNIFORM_FAN_IN), 1.0 / Math.sqrt(FAN_IN), "uniform fan-in");
    }

    @Test
    void zeroFillsZeros() {
        DMatrixRMaj w = new DMatrixRMaj(3, 4);
        Arrays.fill(w.data, 7.0);
        Initializer.ZERO.fill(w, new RandomStreams(1).startOf("init"));
        assertEquals(0.0, largestMagnitude(w), 0.0);
    }

    /** The checks above can fail: a variance 5% off or with fan-out for fan-in, a uniform bound 2% off, is rejected. */
    @Test
    void theChecksRejectAWrongScale() {
        DMatrixRMaj he = draw(Initializer.HE_NORMAL);
        double variance = 2.0 / FAN_IN;
        double tolerance = STANDARD_ERRORS * Math.sqrt(2 * variance * variance / N);
        assertTrue(Math.abs(meanSquare(he) - variance * 1.05) > tolerance, "5% too large would pass");
        assertTrue(Math.abs(meanSquare(he) - 2.0 / FAN_OUT) > tolerance, "fan-out for fan-in would pass");
        DMatrixRMaj glorot = draw(Initializer.GLOROT_UNIFORM);
        double a = Math.sqrt(6.0 / (FAN_IN + FAN_OUT));
        assertTrue(largestMagnitude(glorot) < a * 1.02 * (1 - 1e-3), "a bound 2% too large would pass");
    }
}
