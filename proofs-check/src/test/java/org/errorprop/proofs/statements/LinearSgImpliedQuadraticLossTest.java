package org.errorprop.proofs.statements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.errorprop.proofs.Verdict;
import org.errorprop.proofs.statements.LinearSgImpliedQuadraticLoss.Recipe;
import org.junit.jupiter.api.Test;

/** Fixed recipes of the implied quadratic loss, and the exactness claim broken by a non-symmetric {@code A}. */
class LinearSgImpliedQuadraticLossTest {
    private static final LinearSgImpliedQuadraticLoss CHECK = new LinearSgImpliedQuadraticLoss();

    @Test
    void aSymmetricAMakesTheSgTheGradientOfTheImpliedLoss() {
        Verdict v = CHECK.check(new Recipe(3, 5, 2, 3, 0, true));
        assertTrue(v.holds(), v::toString);
        assertEquals(0.0, v.numbers().get("remainder"), v::toString);
        assertEquals(0.0, v.numbers().get("relativeAsymmetryOfA"), v::toString);
        assertTrue(v.numbers().get("sgIsGradient.log10Slack") > 0, v::toString);
    }

    @Test
    void aNonSymmetricAClaimedExactFailsWithTheRemainderAsTheNumber() {
        Recipe broken = new Recipe(3, 5, 2, 3, 0.5, true);
        Verdict v = CHECK.check(broken);
        assertFalse(v.holds(), v::toString);
        double remainder = v.numbers().get("remainder");
        assertTrue(remainder > 0.1, v::toString);
        // SG − ∇L̂ is the remainder h(A − Aᵀ)/2, to rounding; only the exactness claim fails.
        assertEquals(remainder, v.numbers().get("sgMinusGradient"), 1e-12 * remainder, v::toString);
        assertTrue(v.numbers().get("sgIsGradient.log10Slack") < -10, v::toString);
        assertTrue(v.numbers().get("gradientOfImpliedLoss.log10Slack") > 0, v::toString);
        assertTrue(v.numbers().get("remainderIdentity.log10Slack") > 0, v::toString);
        // Without the claim the same A satisfies the statement as the paper's inference has it.
        assertTrue(CHECK.check(new Recipe(3, 5, 2, 3, 0.5, false)).holds());
    }

    @Test
    void aOneByOneAIsAlwaysSymmetric() {
        Verdict v = CHECK.check(new Recipe(9, 1, 3, 4, 0.7, true));
        assertTrue(v.holds(), v::toString);
        assertEquals(0.0, v.numbers().get("remainder"));
    }

    @Test
    void randomRecipesClaimExactnessOnlyForSymmetricA() {
        org.apache.commons.math3.random.Well19937c random = new org.apache.commons.math3.random.Well19937c(2);
        int claims = 0;
        for (int i = 0; i < 100; i++) {
            Recipe r = CHECK.randomRecipe(random);
            assertEquals(r.claimsExact(), r.asymmetry() == 0, r::toString);
            claims += r.claimsExact() ? 1 : 0;
        }
        assertTrue(claims > 20 && claims < 80, "claims " + claims);
    }

    @Test
    void aVerdictReplaysFromItsRecipe() {
        Recipe r = new Recipe(17, 6, 3, 2, 0.3, false);
        assertEquals(CHECK.check(r), CHECK.check(r));
    }
}
