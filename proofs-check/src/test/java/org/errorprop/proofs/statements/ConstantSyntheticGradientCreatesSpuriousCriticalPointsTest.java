package org.errorprop.proofs.statements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.random.Well19937c;
import org.errorprop.proofs.Verdict;
import org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.Recipe;
import org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.Synthesizer;
import org.junit.jupiter.api.Test;

class ConstantSyntheticGradientCreatesSpuriousCriticalPointsTest {
    private static final ConstantSyntheticGradientCreatesSpuriousCriticalPoints CHECK =
            new ConstantSyntheticGradientCreatesSpuriousCriticalPoints();

    /** The paper's point: a = 1, b = 0, c = 0 is SG-critical, and the original gradient there is (6, 0). */
    @Test
    void thePapersPointIsCriticalForTheSgSystemButNotForTheLoss() {
        assertEquals(0.0, ConstantSyntheticGradientCreatesSpuriousCriticalPoints.sgField(
                Synthesizer.CONSTANT, 1, 0, 0, 0));
        assertEquals(6.0, ConstantSyntheticGradientCreatesSpuriousCriticalPoints.smallestSubgradientNorm(1, 0));
        assertEquals(0.0, ConstantSyntheticGradientCreatesSpuriousCriticalPoints.smallestSubgradientNorm(0, 0));
        // The whole band |b| < |a| is SG-stationary with c = 0.
        assertEquals(0.0, ConstantSyntheticGradientCreatesSpuriousCriticalPoints.sgField(
                Synthesizer.CONSTANT, -1.5, 1.2, 0, 0));
    }

    @Test
    void theConstantsOfTheSubgradientBound() {
        assertEquals(8 / Math.sqrt(5), ConstantSyntheticGradientCreatesSpuriousCriticalPoints.sharpness(), 1e-15);
        assertEquals(2 * Math.sqrt(5) + 2 * Math.sqrt(2),
                ConstantSyntheticGradientCreatesSpuriousCriticalPoints.subgradientBound(), 1e-14);
    }

    @Test
    void aTypicalStartEndsOnTheSpuriousBandWithAUnchanged() {
        Recipe r = new Recipe(1.0, 1.5, 0.0, 0.01, 0.05, Synthesizer.CONSTANT);
        Verdict v = CHECK.check(r);
        assertTrue(v.holds(), v::toString);
        assertEquals(1.0, v.numbers().get("SG final a"), "a constant SG never moves a (the x_i sum to 0)");
        assertTrue(Math.abs(v.numbers().get("SG final b")) < 1.0, v::toString);
        assertEquals(6.0, v.numbers().get("original smallest subgradient at SG final point"));
        assertTrue(v.numbers().get("subgradient descent final |(a, b)|")
                <= v.numbers().get("radius R = eta(G^2/2m + G)"), v::toString);
    }

    /** Breaking the hypothesis: the affine SG c0 + c1 h can follow sign(h) well enough, and a goes to 0. */
    @Test
    void theAffineSgIsNotStuck() {
        Recipe r = new Recipe(1.0, 1.5, 0.0, 0.01, 0.05, Synthesizer.AFFINE_IN_H);
        Verdict v = CHECK.check(r);
        assertFalse(v.holds(), v::toString);
        assertEquals(12.0, v.numbers().get("static SG field at (a0, 0, 0)"), 1e-12, "dL_SG/dc1 = -12|a0|");
        assertTrue(Math.abs(v.numbers().get("SG final a")) < v.numbers().get("radius R = eta(G^2/2m + G)"),
                v::toString);
    }

    @Test
    void randomRecipesHoldAndReplay() {
        Well19937c random = new Well19937c(7);
        for (int i = 0; i < 20; i++) {
            Recipe r = CHECK.randomRecipe(random);
            Verdict v = CHECK.check(r);
            assertTrue(v.holds(), v::toString);
            assertEquals(v, CHECK.check(r));
        }
    }
}
