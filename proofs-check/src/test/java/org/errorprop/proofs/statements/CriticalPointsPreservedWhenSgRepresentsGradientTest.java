package org.errorprop.proofs.statements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.apache.commons.math3.random.Well19937c;
import org.errorprop.proofs.Verdict;
import org.errorprop.proofs.statements.CriticalPointsPreservedWhenSgRepresentsGradient.Recipe;
import org.errorprop.proofs.statements.CriticalPointsPreservedWhenSgRepresentsGradient.Scenario;
import org.errorprop.proofs.statements.CriticalPointsPreservedWhenSgRepresentsGradient.SgForm;
import org.junit.jupiter.api.Test;

/** Fixed recipes of Proposition 1, and the recipes that break its hypothesis. */
class CriticalPointsPreservedWhenSgRepresentsGradientTest {
    private static final CriticalPointsPreservedWhenSgRepresentsGradient CHECK =
            new CriticalPointsPreservedWhenSgRepresentsGradient();

    /** Deep linear, 3 blocks, SG at boundary 1 (so one block below it and two above), ill-conditioned data. */
    static final Recipe LINEAR = new Recipe(11, Scenario.DEEP_LINEAR_OPTIMUM, 4, 2, 3, 1, 12, 50, 5, 0, SgForm.FULL);
    /** Tanh, 4 blocks, SG at boundary 2, zero loss. */
    static final Recipe TANH = new Recipe(12, Scenario.TANH_ZERO_LOSS, 3, 2, 4, 2, 10, 10, 3, 0, SgForm.FULL);

    private static double number(Verdict v, String key) {
        Double value = v.numbers().get(key);
        if (value == null) {
            throw new AssertionError("no number " + key + " in " + v);
        }
        return value;
    }

    @Test
    void theDeepLinearOptimumIsPreservedWithANonTrivialFit() {
        Verdict v = CHECK.check(LINEAR);
        assertTrue(v.holds(), v::toString);
        // A global minimum with non-zero loss: ∂L/∂h is far from zero, and the fit reproduces it to rounding.
        double gradient = number(v, "trueGradientAtH");
        assertTrue(gradient > 1, v::toString);
        assertTrue(number(v, "fit.value") < 1e-11 * gradient, v::toString);
        for (String part : new String[] {"fit", "above.block2", "above.block3", "below.block1", "sgParameters"}) {
            assertTrue(number(v, part + ".log10Slack") > 0, part + " in " + v);
        }
    }

    @Test
    void theTanhZeroLossPointIsPreserved() {
        Verdict v = CHECK.check(TANH);
        assertTrue(v.holds(), v::toString);
        assertTrue(number(v, "below.block1.log10Slack") > 0 && number(v, "below.block2.log10Slack") > 0, v::toString);
        assertTrue(number(v, "above.block3.log10Slack") > 0 && number(v, "above.block4.log10Slack") > 0, v::toString);
    }

    @Test
    void movedWeightsAreNotACriticalPointAndTheCheckFails() {
        for (Recipe r : new Recipe[] {LINEAR, TANH}) {
            Verdict v = CHECK.check(r.withPerturbation(1e-6));
            assertFalse(v.holds(), v::toString);
            // The SG still drives the blocks below, but their update no longer vanishes.
            assertTrue(number(v, "below.block1.log10Slack") < -3, v::toString);
            assertTrue(number(v, "original.criticality.log10Slack") < -3, v::toString);
        }
        // A move at the level of rounding is not a violation; the check's resolution lies between.
        assertTrue(CHECK.check(LINEAR.withPerturbation(1e-10)).margin() < 0);
    }

    @Test
    void aLabelFreeSgCannotReproduceTheGradientAtANonZeroLossOptimum() {
        Verdict v = CHECK.check(LINEAR.withSgForm(SgForm.WITHOUT_LABEL));
        assertFalse(v.holds(), v::toString);
        assertTrue(number(v, "fit.log10Slack") < -6, v::toString);
        // The residual is orthogonal to [h, 1], so the fitted SG is zero and the system stays stationary:
        // it is the representation (a) that fails, not (b).
        assertTrue(number(v, "below.block1.log10Slack") > 0, v::toString);
        assertTrue(number(v, "sgParameters.log10Slack") > 0, v::toString);
    }

    @Test
    void anSgWithoutItsActivationTermDestroysTheCriticalPoint() {
        Verdict v = CHECK.check(LINEAR.withSgForm(SgForm.WITHOUT_ACTIVATION));
        assertFalse(v.holds(), v::toString);
        assertTrue(number(v, "fit.log10Slack") < -6, v::toString);
        assertTrue(number(v, "below.block1.log10Slack") < -6, v::toString);
        // The layers above still follow the true gradient, which vanishes.
        assertTrue(number(v, "above.block2.log10Slack") > 0, v::toString);
    }

    @Test
    void atZeroLossEvenARestrictedSgRepresentsTheZeroGradient() {
        // Proposition 1's remark: zero-loss critical points are preserved by any SG that can output zero.
        assertTrue(CHECK.check(TANH.withSgForm(SgForm.WITHOUT_ACTIVATION)).holds());
        assertTrue(CHECK.check(TANH.withSgForm(SgForm.WITHOUT_LABEL)).holds());
    }

    @Test
    void aVerdictReplaysFromItsRecipe() {
        Verdict a = CHECK.check(LINEAR);
        Verdict b = CHECK.check(LINEAR);
        assertEquals(a, b);
        Map<String, Double> n = a.numbers();
        assertTrue(n.containsKey("conditionOfZ"));
    }

    @Test
    void randomRecipesStayInsideTheHypothesesAndCoverBothScenarios() {
        Well19937c random = new Well19937c(4);
        int tanh = 0;
        for (int i = 0; i < 200; i++) {
            Recipe r = CHECK.randomRecipe(random);
            assertEquals(0.0, r.perturbation());
            assertEquals(SgForm.FULL, r.sgForm());
            if (r.scenario() == Scenario.TANH_ZERO_LOSS) {
                tanh++;
                assertTrue(r.boundary() <= r.blocks() - 2 && r.outputs() <= r.inputs(), r::toString);
            }
        }
        assertTrue(tanh > 20 && tanh < 180, "tanh recipes: " + tanh);
    }

    @Test
    void recipesOutsideTheDomainAreRefused() {
        // tanh with the SG right below the linear output: y would be affine in h.
        assertThrows(IllegalArgumentException.class,
                () -> new Recipe(1, Scenario.TANH_ZERO_LOSS, 3, 2, 3, 2, 10, 1, 1, 0, SgForm.FULL));
        // tanh with more outputs than the hidden width.
        assertThrows(IllegalArgumentException.class,
                () -> new Recipe(1, Scenario.TANH_ZERO_LOSS, 2, 3, 3, 1, 10, 1, 1, 0, SgForm.FULL));
        // too few samples for [h, y, 1] to have full column rank.
        assertThrows(IllegalArgumentException.class,
                () -> new Recipe(1, Scenario.DEEP_LINEAR_OPTIMUM, 3, 2, 3, 1, 6, 1, 1, 0, SgForm.FULL));
    }
}
