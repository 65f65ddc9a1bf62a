package org.errorprop.proofs.statements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.errorprop.proofs.Verdict;
import org.errorprop.proofs.statements.LinearRegressionReachesGlobalOptimum.Breach;
import org.errorprop.proofs.statements.LinearRegressionReachesGlobalOptimum.Recipe;
import org.junit.jupiter.api.Test;

/** Theorem 1 on fixed recipes, and each way of breaking its hypothesis. */
class LinearRegressionReachesGlobalOptimumTest {
    private static final LinearRegressionReachesGlobalOptimum CHECK = new LinearRegressionReachesGlobalOptimum();
    private static final Recipe TYPICAL = new Recipe(42, 3, 12, 2.0, 0.5, 0.5, 40_000, Breach.NONE, 0);

    @Test
    void aTypicalRunReachesTheLeastSquaresSolutionAndTheSgErrorVanishes() {
        Verdict v = CHECK.check(TYPICAL);
        assertTrue(v.holds(), v::toString);
        // The data have the conditioning the recipe asks for (checked by SVD, independently of the construction).
        assertEquals(2.0, v.numbers().get("cond(Xbar)"), 1e-12, v::toString);
        assertTrue(v.numbers().get("|W_K - W*|") <= v.numbers().get("tolerance on |W_K - W*|"), v::toString);
        assertTrue(v.numbers().get("|xi_K| / |xi_0|") < 1e-100, v::toString);
        assertTrue(v.numbers().get("max rho_k (proof's contraction factor)") < 1, v::toString);
        // The proof's recursion assumes A_{k+1} = A_k; the real next SG error differs, but here only slightly.
        assertTrue(v.numbers().get("max |xi_{k+1} - A_k omega_{k+1}| / Phi_k (A_{k+1} = A_k gap)") > 0, v::toString);
        assertEquals(0.0, v.numbers().get("steps where the actual Phi rose"), v::toString);
    }

    @Test
    void theVerdictReplaysFromItsRecipe() {
        assertEquals(CHECK.check(TYPICAL), CHECK.check(TYPICAL));
    }

    @Test
    void oneFeatureAndTheSmallestSampleWork() {
        Verdict v = CHECK.check(new Recipe(42, 1, 3, 1.0, 0.5, 0.5, 40_000, Breach.NONE, 0));
        assertTrue(v.holds(), v::toString);
    }

    @Test
    void aLongRunWhoseSgErrorReachesTheSubnormalRangeStaysFinite() {
        // ‖ξ‖ decays geometrically far faster than ‖f‖; here it becomes subnormal before f reaches its floor.
        Verdict v = CHECK.check(new Recipe(42, 6, 8, 3.0, 0.3, 0.25, 40_000, Breach.NONE, 0));
        assertTrue(v.holds(), v::toString);
        assertEquals(0.0, v.numbers().get("diverged"), v::toString);
    }

    @Test
    void theRealSgErrorCanMakeTheProofsQuantityRiseForAStepWhileTheIdealisedOneContracts() {
        // The proof's ξ recursion assumes A_{k+1} = A_k. Found by a sweep of randomRecipe: here the real
        // ‖f‖ + ‖ξ‖ rises once, by about 0.6%, while ‖f_{k+1}‖ + ‖A_k ω_{k+1}‖ contracts at every step.
        Verdict v = CHECK.check(new Recipe(1321010834247002104L, 1, 11, 2.5953202728646363, 0.8228586269735015,
                0.7364499966573405, 40_000, Breach.NONE, 0));
        assertTrue(v.holds(), v::toString);
        assertTrue(v.numbers().get("steps where the actual Phi rose") >= 1, v::toString);
        assertTrue(v.numbers().get("max actual Phi_{k+1} / Phi_k") > 1, v::toString);
        assertTrue(v.numbers().get("worst contraction lhs / rhs") <= 1, v::toString);
    }

    @Test
    void aMainStepOfThreeOverNormBDiverges() {
        Verdict v = CHECK.check(TYPICAL.breaking(Breach.FIXED_LARGE_MU, 3));
        assertFalse(v.holds(), v::toString);
        assertEquals(1.0, v.numbers().get("diverged"), v::toString);
        assertTrue(v.margin() <= -10, v::toString);
    }

    @Test
    void aMainStepAboveTheConditionBreaksTheProofsContractionEvenWhenTheRunConverges() {
        // µ = 1.5/‖B‖ < 2/λ_max: plain gradient descent still converges, but q_k > 1 and the proof's step fails.
        Verdict v = CHECK.check(TYPICAL.breaking(Breach.FIXED_LARGE_MU, 1.5));
        assertFalse(v.holds(), v::toString);
        assertEquals(1.0, v.numbers().get("converged"), v::toString);
        assertTrue(v.numbers().get("max rho_k (proof's contraction factor)") > 1, v::toString);
    }

    @Test
    void aFixedTooLargeSgStepIsReportedAsFailure() {
        Verdict v = CHECK.check(TYPICAL.breaking(Breach.FIXED_NU, 3));
        assertFalse(v.holds(), v::toString);
        // Without the line search the identity ‖A ω_{k+1}‖² = (1 − h)‖ξ‖² fails at once.
        assertTrue(v.numbers().get("worst line-search identity error / allowance") > 1e6, v::toString);
    }

    @Test
    void theConditionAsPrintedDoesNotGiveTheProofsContraction() {
        // µ = c·min{b/‖B‖², 1 − h/2} (the printed typo) lets µ‖B‖ exceed what 1 − h/2 leaves for the ξ term.
        Verdict v = CHECK.check(TYPICAL.breaking(Breach.PRINTED_CONDITION, 0));
        assertFalse(v.holds(), v::toString);
        assertTrue(v.numbers().get("max rho_k (proof's contraction factor)") > 1, v::toString);
        assertEquals(1.0, v.numbers().get("converged"), v::toString);
    }

    @Test
    void anExhaustedBudgetIsReportedAsFailure() {
        Verdict v = CHECK.check(new Recipe(42, 3, 12, 2.0, 0.5, 0.5, 10, Breach.NONE, 0));
        assertFalse(v.holds(), v::toString);
        assertEquals(0.0, v.numbers().get("converged"), v::toString);
    }

    @Test
    void recipesOutsideTheSetUpAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Recipe(1, 3, 4, 2, 0.5, 0.5, 10, Breach.NONE, 0));
        assertThrows(IllegalArgumentException.class, () -> new Recipe(1, 3, 8, 0.5, 0.5, 0.5, 10, Breach.NONE, 0));
        assertThrows(IllegalArgumentException.class, () -> new Recipe(1, 3, 8, 2, 0.5, 1.0, 10, Breach.NONE, 0));
        assertThrows(IllegalArgumentException.class,
                () -> new Recipe(1, 3, 8, 2, 0.5, 0.5, 10, Breach.FIXED_NU, 0));
    }
}
