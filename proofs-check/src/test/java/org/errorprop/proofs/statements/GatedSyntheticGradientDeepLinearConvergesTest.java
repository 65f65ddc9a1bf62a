package org.errorprop.proofs.statements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.random.Well19937c;
import org.errorprop.proofs.Verdict;
import org.errorprop.proofs.statements.GatedSyntheticGradientDeepLinearConverges.Recipe;
import org.junit.jupiter.api.Test;

class GatedSyntheticGradientDeepLinearConvergesTest {
    private static final GatedSyntheticGradientDeepLinearConverges CHECK =
            new GatedSyntheticGradientDeepLinearConverges();

    /** d = 4 → h1 = 2 → h2 = 3 → m = 3, 14 samples. */
    private static final Recipe RECIPE = new Recipe(2024, 14, 4, 2, 3, 3, 0.7, 0.8, true, 0, false);

    @Test
    void gatedTrainingConvergesAndCountsTheFrozenIterations() {
        Verdict v = CHECK.check(RECIPE);
        assertTrue(v.holds(), v::toString);
        assertTrue(v.numbers().get("final gradient norm") <= v.numbers().get("tolerance"), v::toString);
        double gated = v.numbers().get("iterations with mu = 0");
        assertTrue(gated >= 0 && gated < v.numbers().get("iterations"), v::toString);
        assertTrue(v.numbers().get("rounding bound of the final gradient") < 1e-3 * v.numbers().get("tolerance"),
                "the tolerance is far above the rounding of the gradient");
    }

    /** Breaking the hypothesis: µ = ε always, with an SG frozen at a wrong value: no convergence. */
    @Test
    void ignoringTheConditionWithAFrozenWrongSgFails() {
        Verdict v = CHECK.check(RECIPE.breaking(false, 0, true));
        assertFalse(v.holds(), v::toString);
        assertEquals(v.numbers().get("budget"), v.numbers().get("iterations"), "it ran out of budget");
    }

    /** Breaking the hypothesis: µ = ε always with a fixed step far beyond 1/curvature: divergence. */
    @Test
    void ignoringTheConditionWithATooLargeStepDiverges() {
        Verdict v = CHECK.check(RECIPE.breaking(false, 1.0, false));
        assertFalse(v.holds(), v::toString);
        assertTrue(v.margin() < -50, v::toString);
    }

    /** The corollary also needs the SG to learn: gated, a frozen wrong SG never satisfies (2) and W1 never moves. */
    @Test
    void aFrozenWrongSgKeepsTheLowerLayerFrozen() {
        Verdict v = CHECK.check(RECIPE.breaking(true, 0, true));
        assertFalse(v.holds(), v::toString);
        assertEquals(v.numbers().get("iterations"), v.numbers().get("iterations with mu = 0"), v::toString);
        assertTrue(v.numbers().get("final |dL/dW1|") > v.numbers().get("tolerance"), v::toString);
    }

    @Test
    void randomRecipesHoldAndReplay() {
        Well19937c random = new Well19937c(13);
        for (int i = 0; i < 5; i++) {
            Recipe r = CHECK.randomRecipe(random);
            Verdict v = CHECK.check(r);
            assertTrue(v.holds(), v::toString);
            assertEquals(v, CHECK.check(r));
        }
    }
}
