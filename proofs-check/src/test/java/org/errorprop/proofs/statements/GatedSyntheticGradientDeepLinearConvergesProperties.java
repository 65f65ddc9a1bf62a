package org.errorprop.proofs.statements;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.errorprop.proofs.Verdict;
import org.errorprop.proofs.statements.GatedSyntheticGradientDeepLinearConverges.Recipe;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Corollary 1 over generated deep linear problems (the ranges of {@code randomRecipe}): gated training with a
 * trained linear SG converges; ignoring the condition with a frozen wrong SG does not. Fixed seed;
 * {@code -DQT_SEED}, {@code -DQT_EXAMPLES}.
 */
class GatedSyntheticGradientDeepLinearConvergesProperties {
    private static final GatedSyntheticGradientDeepLinearConverges CHECK =
            new GatedSyntheticGradientDeepLinearConverges();
    private static final long SEED = Long.getLong("QT_SEED", 0xC01L);
    private static final int EXAMPLES = Integer.getInteger("QT_EXAMPLES", 40);

    /** {h1 ∈ [2,3], d ∈ [h1+1, 4], m ∈ [h1, 3], h2 ∈ [h1, 4], S = max(d, h1+m+1) + [4, 12]}. */
    private static Gen<int[]> sizes() {
        return integers().between(2, 3).zip(integers().between(0, 1), integers().between(0, 1),
                integers().between(0, 2), integers().between(4, 12), (h1, dd, dm, dh, extra) -> {
                    int d = Math.min(4, h1 + 1 + dd);
                    int m = Math.min(3, h1 + dm);
                    int h2 = Math.min(4, h1 + dh);
                    return new int[] {Math.max(d, h1 + m + 1) + extra, d, h1, h2, m};
                });
    }

    /** Label noise in [0.5, 1], SG step fraction in [0.5, 1]; gated, line search, SG trained from zero. */
    static Gen<Recipe> recipes() {
        return longs().all().zip(sizes(), doubles().between(0.5, 1), doubles().between(0.5, 1),
                (seed, s, noise, fraction) -> new Recipe(seed, s[0], s[1], s[2], s[3], s[4], noise, fraction, true, 0,
                        false));
    }

    @Test
    void gatedTrainingWithATrainedLinearSgReachesACriticalPoint() {
        double[] worst = {Double.POSITIVE_INFINITY};
        double[] mostGated = {0};
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(recipes()).checkAssert(r -> {
            Verdict v = CHECK.check(r);
            assertTrue(v.holds(), v::toString);
            worst[0] = Math.min(worst[0], v.margin());
            mostGated[0] = Math.max(mostGated[0],
                    v.numbers().get("iterations with mu = 0") / v.numbers().get("iterations"));
        });
        System.out.println("corollary-1: worst margin (unused budget fraction) over " + EXAMPLES + " recipes: "
                + worst[0] + "; largest fraction of iterations with mu = 0: " + mostGated[0]);
    }

    @Test
    void ignoringTheConditionWithAFrozenWrongSgDoesNotConverge() {
        qt().withFixedSeed(SEED + 1).withExamples(Math.max(1, EXAMPLES / 4)).forAll(recipes()).checkAssert(r -> {
            Verdict v = CHECK.check(r.breaking(false, 0, true));
            assertFalse(v.holds(), v::toString);
        });
    }
}
