package org.errorprop.proofs.statements;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.errorprop.proofs.Verdict;
import org.errorprop.proofs.statements.LinearSgImpliedQuadraticLoss.Recipe;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The implied quadratic loss over generated recipes: a symmetric {@code A} with the exactness claim, or a
 * non-symmetric one with the remainder identity only. Fixed seed; {@code -DQT_SEED}, {@code -DQT_EXAMPLES}.
 */
class LinearSgImpliedQuadraticLossProperties {
    private static final LinearSgImpliedQuadraticLoss CHECK = new LinearSgImpliedQuadraticLoss();
    private static final long SEED = Long.getLong("QT_SEED", 0x5E_1L);
    private static final int EXAMPLES = Integer.getInteger("QT_EXAMPLES", 500);

    /** The asymmetry is 0 (symmetric {@code A}, exactness claimed) or in [0.1, 1] (no claim). */
    static Gen<Recipe> recipes() {
        Gen<Double> asymmetry = booleans().all().zip(doubles().between(0.1, 1), (symmetric, a) -> symmetric ? 0.0 : a);
        return longs().all().zip(integers().between(1, 8), integers().between(1, 4), integers().between(1, 4),
                asymmetry, (seed, n, m, batch, a) -> new Recipe(seed, n, m, batch, a, a == 0.0));
    }

    @Test
    void theImpliedLossHasTheSymmetricGradientAndTheSgDiffersByTheSkewPart() {
        double[] worst = {Double.POSITIVE_INFINITY};
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(recipes()).checkAssert(r -> {
            Verdict v = CHECK.check(r);
            assertTrue(v.holds(), v::toString);
            worst[0] = Math.min(worst[0], v.margin());
        });
        System.out.println("implied-quadratic-loss: worst margin (log10 slack) over " + EXAMPLES + " recipes: " + worst[0]);
    }

    @Test
    void claimingExactnessForANonSymmetricAFails() {
        qt().withFixedSeed(SEED + 1).withExamples(Math.max(1, EXAMPLES / 4))
                .forAll(longs().all(), integers().between(2, 8), integers().between(1, 4), doubles().between(0.1, 1))
                .checkAssert((seed, n, batch, a) -> {
                    Verdict v = CHECK.check(new Recipe(seed, n, 2, batch, a, true));
                    assertFalse(v.holds(), v::toString);
                    assertTrue(v.numbers().get("remainder") > 0, v::toString);
                });
    }
}
