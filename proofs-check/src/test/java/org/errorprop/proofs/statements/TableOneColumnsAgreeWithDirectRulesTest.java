package org.errorprop.proofs.statements;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.errorprop.methods.unified.TableOne;
import org.errorprop.proofs.Verdict;
import org.errorprop.proofs.statements.TableOneColumnsAgreeWithDirectRules.Recipe;
import org.junit.jupiter.api.Test;

/** Table 1 on a fixed network, and a perturbed form of every column reported. */
class TableOneColumnsAgreeWithDirectRulesTest {
    private static final TableOneColumnsAgreeWithDirectRules CHECK = new TableOneColumnsAgreeWithDirectRules();

    /** tanh, no BatchNorm, squared error: every entry of every signal is generically non-zero. */
    static final Recipe FIXED = new Recipe(7, 3, List.of(5, 4), 3, false, false, true, true, false, 4, 0.5,
            TableOne.FA, 0);

    private static String key(TableOne column) {
        return column == TableOne.SG_PROP ? "sg_prop" : column.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Test
    void everyColumnAgreesOnTheFixedNetwork() {
        Verdict v = CHECK.check(FIXED);
        assertTrue(v.holds(), v::toString);
        for (String column : new String[] {"bprop", "fa", "dfa", "kickback", "sg", "conditioned_sg", "sg_prop"}) {
            assertTrue(v.numbers().get(column + ".largestSignal") > 1e-3, column + " in " + v);
            assertEquals(1.0, v.numbers().get(column + ".lockingAgrees"), column);
            // 2 hidden boundaries, 2 steps, 4 rows, widths 5 and 4.
            assertEquals(2 * 4 * (5 + 4), v.numbers().get(column + ".entries"), column);
        }
    }

    @Test
    void aPerturbedUnifiedFormOfAnyColumnIsReported() {
        for (TableOne column : TableOne.values()) {
            Verdict v = CHECK.check(FIXED.perturbing(column, 1e-7));
            assertFalse(v.holds(), column + ": " + v);
            assertTrue(v.numbers().get(key(column) + ".log10Slack") < -5, column + ": " + v);
            // Only the perturbed column moves.
            for (TableOne other : TableOne.values()) {
                if (other != column) {
                    assertEquals(16.0, v.numbers().get(key(other) + ".log10Slack"), other + " when perturbing " + column);
                }
            }
        }
    }

    @Test
    void evenAPerturbationOfTenToTheMinusTenIsResolved() {
        Verdict v = CHECK.check(FIXED.perturbing(TableOne.DFA, 1e-10));
        assertFalse(v.holds(), v::toString);
    }

    @Test
    void underSoftmaxKickbackIsIdenticallyZeroInBothForms() {
        Recipe softmax = new Recipe(7, 3, List.of(5, 4), 3, false, false, true, true, true, 4, 0.5, TableOne.FA, 0);
        Verdict v = CHECK.check(softmax);
        assertTrue(v.holds(), v::toString);
        // The output errors softmax(p) − y of a row sum to zero up to rounding.
        assertTrue(v.numbers().get("kickback.largestSignal") < 1e-14, v::toString);
    }

    @Test
    void aVerdictReplaysFromItsRecipe() {
        assertEquals(CHECK.check(FIXED), CHECK.check(FIXED));
    }
}
