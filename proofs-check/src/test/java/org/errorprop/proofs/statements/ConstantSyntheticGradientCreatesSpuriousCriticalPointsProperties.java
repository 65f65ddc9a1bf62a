package org.errorprop.proofs.statements;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;

import org.errorprop.proofs.Verdict;
import org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.Recipe;
import org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.Synthesizer;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Supp. A over generated starts and steps (the ranges of {@code randomRecipe}): the constant SG always stops
 * at a spurious point; the affine SG never does. Fixed seed; {@code -DQT_SEED}, {@code -DQT_EXAMPLES}.
 */
class ConstantSyntheticGradientCreatesSpuriousCriticalPointsProperties {
    private static final ConstantSyntheticGradientCreatesSpuriousCriticalPoints CHECK =
            new ConstantSyntheticGradientCreatesSpuriousCriticalPoints();
    private static final long SEED = Long.getLong("QT_SEED", 0x5A1L);
    private static final int EXAMPLES = Integer.getInteger("QT_EXAMPLES", 200);

    /**
     * {@code |a0| ∈ [0.5, 2]} either sign, {@code b0 ∈ [−2, 2]}, {@code c0 ∈ [−1, 1]}, {@code η ∈ [0.002, 0.02]}
     * log-uniform, {@code ν ∈ [0.02, 0.1]}.
     */
    static Gen<Recipe> recipes(Synthesizer synthesizer) {
        Gen<Double> a0 = doubles().between(0.5, 2).zip(booleans().all(),
                (magnitude, positive) -> positive ? magnitude : -magnitude);
        return a0.zip(doubles().between(-2, 2), doubles().between(-1, 1), doubles().between(0, 1),
                doubles().between(0.02, 0.1),
                (a, b, c, u, nu) -> new Recipe(a, b, c, 0.002 * Math.pow(10, u), nu, synthesizer));
    }

    @Test
    void theConstantSgStopsAtASpuriousPointWhileSubgradientDescentReachesTheMinimum() {
        double[] worst = {Double.POSITIVE_INFINITY};
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(recipes(Synthesizer.CONSTANT)).checkAssert(r -> {
            Verdict v = CHECK.check(r);
            assertTrue(v.holds(), v::toString);
            worst[0] = Math.min(worst[0], v.margin());
        });
        System.out.println("supp-a-spurious-critical-points: worst margin (relative slack) over " + EXAMPLES
                + " recipes: " + worst[0]);
    }

    @Test
    void anSgThatCanFollowTheGradientReportsNoSpuriousPoint() {
        qt().withFixedSeed(SEED + 1).withExamples(Math.max(1, EXAMPLES / 4)).forAll(recipes(Synthesizer.AFFINE_IN_H))
                .checkAssert(r -> {
                    Verdict v = CHECK.check(r);
                    assertFalse(v.holds(), v::toString);
                    assertTrue(v.numbers().get("static SG field at (a0, 0, 0)") > 0, v::toString);
                });
    }
}
