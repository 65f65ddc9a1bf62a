package org.errorprop.proofs.statements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.errorprop.proofs.Verdict;
import org.errorprop.proofs.statements.LinearRegressionReachesGlobalOptimum.Breach;
import org.errorprop.proofs.statements.LinearRegressionReachesGlobalOptimum.Recipe;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Theorem 1 over generated recipes (the ranges of {@code randomRecipe}): W reaches the least-squares solution,
 * the SG error vanishes and every inequality of the proof holds at every step; with a too large main step or a
 * fixed (not line-searched) SG step the check reports failure. Fixed seed; {@code -DQT_SEED},
 * {@code -DQT_EXAMPLES}.
 */
class LinearRegressionReachesGlobalOptimumProperties {
    private static final LinearRegressionReachesGlobalOptimum CHECK = new LinearRegressionReachesGlobalOptimum();
    private static final long SEED = Long.getLong("QT_SEED", 0x7E1L);
    private static final int EXAMPLES = Integer.getInteger("QT_EXAMPLES", 100);

    /** {@code (d, S)} with {@code d ∈ [1, 6]}, {@code S ∈ [d + 2, 30]}. */
    private static Gen<int[]> sizes() {
        return integers().between(1, 6).zip(integers().between(0, 1000),
                (d, u) -> new int[] {d, d + 2 + u % (30 - (d + 2) + 1)});
    }

    /** {@code κ} log-uniform in [1, 3], {@code ρ ∈ [0.5, 1]}, {@code c ∈ [0.3, 0.9]}, budget 40 000. */
    static Gen<Recipe> recipes() {
        return longs().all().zip(sizes(), doubles().between(0, 1), doubles().between(0.5, 1),
                doubles().between(0.3, 0.9),
                (seed, s, u, rho, c) -> new Recipe(seed, s[0], s[1], Math.pow(3, u), rho, c,
                        LinearRegressionReachesGlobalOptimum.BUDGET, Breach.NONE, 0));
    }

    @Test
    void insideTheHypothesisTheRunReachesTheLeastSquaresSolution() {
        double[] worst = {Double.POSITIVE_INFINITY, 0, 0};
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(recipes()).checkAssert(r -> {
            Verdict v = CHECK.check(r);
            assertTrue(v.holds(), v::toString);
            assertEquals(1.0, v.numbers().get("converged"), v::toString);
            assertTrue(v.numbers().get("|W_K - W*|") <= v.numbers().get("tolerance on |W_K - W*|"), v::toString);
            assertTrue(v.numbers().get("max rho_k (proof's contraction factor)") < 1, v::toString);
            assertTrue(v.numbers().get("worst contraction lhs / rhs") <= 1, v::toString);
            assertTrue(v.numbers().get("worst f-bound lhs / rhs") <= 1, v::toString);
            assertTrue(v.numbers().get("worst line-search identity error / allowance") <= 1, v::toString);
            worst[0] = Math.min(worst[0], v.margin());
            worst[1] = Math.max(worst[1], v.numbers().get("iterations used"));
            worst[2] = Math.max(worst[2],
                    v.numbers().get("max |xi_{k+1} - A_k omega_{k+1}| / Phi_k (A_{k+1} = A_k gap)"));
        });
        System.out.println("theorem-1: worst margin (decades) over " + EXAMPLES + " recipes: " + worst[0]
                + "; most iterations used: " + worst[1] + "; largest A_{k+1} = A_k drift / Phi: " + worst[2]);
    }

    @Test
    void aTooLargeMainStepOrAFixedSgStepIsReportedAsFailure() {
        qt().withFixedSeed(SEED + 1).withExamples(Math.max(1, EXAMPLES / 3))
                .forAll(recipes(), doubles().between(2.2, 4), booleans().all())
                .checkAssert((r, size, mainStep) -> {
                    Verdict v = CHECK.check(mainStep
                            ? r.breaking(Breach.FIXED_LARGE_MU, size)
                            : r.breaking(Breach.FIXED_NU, size - 1.7));
                    assertFalse(v.holds(), v::toString);
                });
    }
}
