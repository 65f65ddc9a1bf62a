package org.errorprop.experiments.reproduce.depth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The criteria of Figure 4 on hand-made curves. Tolerances: the margin is one square root and a few
 * products of doubles, exact to a few ulps, so 1e-15 absolute on values below 1.
 */
class ConvergenceCheckTest {
    private static final double TOLERANCE = 1e-15;

    private static LearningCurve curve(double[] losses, double finalAccuracy) {
        int[] ends = new int[losses.length];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = 10 * (i + 1);
        }
        return new LearningCurve(ends, losses, new double[] {0.5, finalAccuracy}, new double[] {1.0, 0.5});
    }

    @Test
    void marginIsThreeStandardErrorsOfTheDifference() {
        // 3 sqrt(2 * 0.9 * 0.1 / 1000) = 3 sqrt(1.8e-4) = 0.040249223594996...
        assertEquals(0.04024922359499621, ConvergenceCheck.accuracyMargin(0.9, 1000), TOLERANCE);
    }

    @Test
    void marginIsAtLeastOneTestExample() {
        assertEquals(1.0 / 2004, ConvergenceCheck.accuracyMargin(1.0, 2004), TOLERANCE);
    }

    @Test
    void lossCeilingIsAQuarterOfChance() {
        assertEquals(Math.log(10) / 4, ConvergenceCheck.lossCeiling(10), TOLERANCE);
    }

    @Test
    void anSgRunInsideTheMarginAndBelowTheCeilingConvergesWell() {
        LearningCurve backprop = curve(new double[] {2.0, 1.0, 0.5, 0.2}, 0.90);
        LearningCurve synthetic = curve(new double[] {2.0, 1.2, 0.6, 0.3}, 0.87);
        assertTrue(ConvergenceCheck.convergesWell(synthetic, backprop, 1000, 10), "0.87 >= 0.90 - 0.040");
    }

    @Test
    void anSgRunBeyondTheMarginDoesNotConverge() {
        LearningCurve backprop = curve(new double[] {2.0, 1.0, 0.5, 0.2}, 0.90);
        LearningCurve synthetic = curve(new double[] {2.0, 1.2, 0.6, 0.3}, 0.85);
        assertFalse(ConvergenceCheck.convergesWell(synthetic, backprop, 1000, 10), "0.85 < 0.90 - 0.040");
    }

    @Test
    void twoRunsThatBothFailDoNotCountAsConverged() {
        LearningCurve backprop = curve(new double[] {2.3, 2.3, 2.3, 2.3}, 0.11);
        LearningCurve synthetic = curve(new double[] {2.3, 2.3, 2.3, 2.3}, 0.11);
        assertFalse(ConvergenceCheck.convergesWell(synthetic, backprop, 1000, 10), "loss 2.3 > ln(10)/4");
    }

    @Test
    void earlyCheckpointIsTheEndOfTheFirstQuarter() {
        assertEquals(250, ConvergenceCheck.earlyCheckpoint(1000));
        assertEquals(3, ConvergenceCheck.earlyCheckpoint(10));
        assertEquals(1, ConvergenceCheck.earlyCheckpoint(1));
    }
}
