package org.errorprop.proofs.statements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.random.Well19937c;
import org.errorprop.proofs.Verdict;
import org.errorprop.proofs.statements.TrackingSyntheticGradientConverges.Breach;
import org.errorprop.proofs.statements.TrackingSyntheticGradientConverges.ErrorDirection;
import org.errorprop.proofs.statements.TrackingSyntheticGradientConverges.Recipe;
import org.junit.jupiter.api.Test;

class TrackingSyntheticGradientConvergesTest {
    private static final TrackingSyntheticGradientConverges CHECK = new TrackingSyntheticGradientConverges();

    /** The hardest corner of the ranges: κ = 10, δ = 0.2, adversarial error exactly on the bound. */
    private static final Recipe HARD = new Recipe(42, 16, 5, 4, 3, 10, 0.2, 1.0, ErrorDirection.ADVERSARIAL,
            Breach.NONE, 0);

    @Test
    void anAdversarialErrorOnTheBoundStillConverges() {
        Verdict v = CHECK.check(HARD);
        assertTrue(v.holds(), v::toString);
        assertEquals(1.0, v.numbers().get("largest K|E|/(rho |dL/dtheta_<h|)"), 1e-9, "the error sits on the bound");
        assertEquals(10.0, v.numbers().get("kappa"), 1e-9);
    }

    /** Breaking the hypothesis: SG = −γ ∂L/∂h makes the lower layer climb and training diverges. */
    @Test
    void aReversedSgDiverges() {
        Verdict v = CHECK.check(HARD.breaking(Breach.REVERSED, 0.5));
        assertFalse(v.holds(), v::toString);
        assertTrue(v.numbers().get("final gradient norm") > v.numbers().get("initial gradient norm"), v::toString);
    }

    /** Breaking the hypothesis: an error that does not shrink with the gradient leaves training in a noise ball. */
    @Test
    void aPersistentErrorStalls() {
        Recipe random = new Recipe(42, 16, 5, 4, 3, 10, 0.2, 1.0, ErrorDirection.RANDOM, Breach.PERSISTENT, 0.5);
        Verdict v = CHECK.check(random);
        assertFalse(v.holds(), v::toString);
        double g = v.numbers().get("final gradient norm");
        assertTrue(Double.isFinite(g) && g < v.numbers().get("initial gradient norm"), v::toString);
        assertTrue(v.numbers().get("largest K|E|/(rho |dL/dtheta_<h|)") > 1, "the bound was violated");
        Verdict adversarial = CHECK.check(HARD.breaking(Breach.PERSISTENT, 0.5));
        assertFalse(adversarial.holds(), adversarial::toString);
    }

    @Test
    void randomRecipesHoldAndReplay() {
        Well19937c random = new Well19937c(11);
        for (int i = 0; i < 10; i++) {
            Recipe r = CHECK.randomRecipe(random);
            Verdict v = CHECK.check(r);
            assertTrue(v.holds(), v::toString);
            assertEquals(v, CHECK.check(r));
        }
    }
}
