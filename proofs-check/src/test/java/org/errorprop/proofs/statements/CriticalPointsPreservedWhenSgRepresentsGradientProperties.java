package org.errorprop.proofs.statements;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.errorprop.proofs.Verdict;
import org.errorprop.proofs.statements.CriticalPointsPreservedWhenSgRepresentsGradient.Recipe;
import org.errorprop.proofs.statements.CriticalPointsPreservedWhenSgRepresentsGradient.Scenario;
import org.errorprop.proofs.statements.CriticalPointsPreservedWhenSgRepresentsGradient.SgForm;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Proposition 1 over generated recipes (the ranges of {@link CriticalPointsPreservedWhenSgRepresentsGradient#randomRecipe},
 * built from shrinkable parts). Fixed seed; {@code -DQT_SEED=…} and {@code -DQT_EXAMPLES=…} override.
 */
class CriticalPointsPreservedWhenSgRepresentsGradientProperties {
    private static final CriticalPointsPreservedWhenSgRepresentsGradient CHECK =
            new CriticalPointsPreservedWhenSgRepresentsGradient();
    private static final long SEED = Long.getLong("QT_SEED", 0x9E0_1L);
    private static final int EXAMPLES = Integer.getInteger("QT_EXAMPLES", 200);

    /** Shape parts: scenario, d, m, N and k before clamping into the scenario's ranges. */
    private record Shape(Scenario scenario, int d, int m, int blocks, int boundary) {
    }

    static Gen<Recipe> recipes() {
        Gen<Shape> shapes = arbitrary().enumValues(Scenario.class).zip(integers().between(2, 5),
                integers().between(1, 3), integers().between(0, 2), integers().between(0, 3), (scenario, d, m, n, k) -> {
                    boolean linear = scenario == Scenario.DEEP_LINEAR_OPTIMUM;
                    int outputs = linear ? m : Math.min(m, d);
                    int blocks = linear ? 2 + n : 3 + Math.min(n, 1);
                    int boundary = 1 + k % (linear ? blocks - 1 : blocks - 2);
                    return new Shape(scenario, d, outputs, blocks, boundary);
                });
        return shapes.zip(integers().between(0, 6), doubles().between(0, 2), doubles().between(0, 1), longs().all(),
                (s, extra, logKx, logKw, seed) -> new Recipe(seed, s.scenario(), s.d(), s.m(), s.blocks(), s.boundary(),
                        s.d() + s.m() + 2 + extra, Math.pow(10, logKx), Math.pow(10, logKw), 0, SgForm.FULL));
    }

    @Test
    void sgSystemIsStationaryAtEveryConstructedCriticalPoint() {
        double[] worst = {Double.POSITIVE_INFINITY};
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).withShrinkCycles(50).forAll(recipes()).checkAssert(r -> {
            Verdict v = CHECK.check(r);
            assertTrue(v.holds(), v::toString);
            worst[0] = Math.min(worst[0], v.margin());
        });
        System.out.println("proposition-1: worst margin (log10 slack) over " + EXAMPLES + " recipes: " + worst[0]);
    }

    @Test
    void movingTheWeightsOffTheCriticalPointIsReportedForEveryRecipe() {
        qt().withFixedSeed(SEED + 1).withExamples(Math.max(1, EXAMPLES / 4)).forAll(recipes()).checkAssert(r -> {
            Verdict v = CHECK.check(r.withPerturbation(1e-6));
            assertFalse(v.holds(), v::toString);
        });
    }
}
