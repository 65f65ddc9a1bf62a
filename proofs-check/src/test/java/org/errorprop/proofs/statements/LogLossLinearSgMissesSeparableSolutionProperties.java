package org.errorprop.proofs.statements;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.errorprop.framework.data.ArtificialKind;
import org.errorprop.proofs.Verdict;
import org.errorprop.proofs.statements.LogLossLinearSgMissesSeparableSolution.Claim;
import org.errorprop.proofs.statements.LogLossLinearSgMissesSeparableSolution.Recipe;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The log-loss statement over generated recipes (the ranges of {@code randomRecipe}): on {@code linear_k} the
 * linear SG misses the backprop solution and the sigmoid-linear SG does not, on {@code random_k} the linear SG
 * agrees with backprop; with the data kind swapped under the same claim the check reports failure. Fixed seed;
 * {@code -DQT_SEED}, {@code -DQT_EXAMPLES}.
 */
class LogLossLinearSgMissesSeparableSolutionProperties {
    private static final LogLossLinearSgMissesSeparableSolution CHECK = new LogLossLinearSgMissesSeparableSolution();
    private static final long SEED = Long.getLong("QT_SEED", 0x1065L);
    private static final int EXAMPLES = Integer.getInteger("QT_EXAMPLES", 30);

    /** {@code k ∈ [6, 12]}, {@code n ∈ [8k, 12k]}, {@code T ∈ [1500, 2500]}, {@code f ∈ [0.5, 1]}, with the paper's claim. */
    static Gen<Recipe> recipes() {
        return longs().all().zip(integers().between(6, 12), integers().between(0, 1000),
                integers().between(1500, 2500), doubles().between(0.5, 1).zip(booleans().all(), (f, separable) ->
                        separable ? f : -f),
                (seed, k, u, t, signedF) -> Recipe.paper(seed,
                        signedF > 0 ? ArtificialKind.LINEAR : ArtificialKind.RANDOM, k, 8 * k + u % (4 * k + 1), t,
                        Math.abs(signedF)));
    }

    @Test
    void theLinearSgMissesTheSeparableSolutionAndAgreesOnRandomLabels() {
        double[] worst = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY};
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(recipes()).checkAssert(r -> {
            Verdict v = CHECK.check(r);
            assertTrue(v.holds(), v::toString);
            if (r.claim() == Claim.LINEAR_SG_FAILS) {
                worst[0] = Math.min(worst[0], v.margin());
                worst[3] = Math.min(worst[3], v.numbers().get("gap linear SG = L_lin - L_BP"));
            } else {
                worst[1] = Math.min(worst[1], v.margin());
                worst[2] = Math.max(worst[2], Math.abs(v.numbers().get("gap linear SG = L_lin - L_BP")));
            }
        });
        System.out.println("log-loss-linear-sg: worst margin (decades) over " + EXAMPLES + " recipes: separable "
                + worst[0] + ", random labels " + worst[1] + "; smallest separable loss gap " + worst[3]
                + ", largest random-label loss gap " + worst[2]);
    }

    @Test
    void swappingTheDataKindUnderTheSameClaimIsReportedAsFailure() {
        qt().withFixedSeed(SEED + 1).withExamples(Math.max(1, EXAMPLES / 3)).forAll(recipes()).checkAssert(r -> {
            Verdict v = CHECK.check(r.swappedData());
            assertFalse(v.holds(), v::toString);
        });
    }
}
