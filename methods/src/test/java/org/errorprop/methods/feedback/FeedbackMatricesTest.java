package org.errorprop.methods.feedback;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.methods.contract.Rig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fixed random matrices of FA and DFA: reproducible from the context, distinct per boundary,
 * {@code U(−s/√rows, s/√rows)}, and wired into the rules with the right shapes.
 */
class FeedbackMatricesTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static final Sgd SGD = new Sgd(0.1, 0);

    private static MethodContext context(long seed) {
        return Rig.context(seed, SGD);
    }

    @Test
    void theSameContextAndBoundaryGiveTheSameMatrix() {
        DMatrixRMaj a = FeedbackMatrices.draw(context(1), 2, 7, 5, 1.0);
        DMatrixRMaj b = FeedbackMatrices.draw(context(1), 2, 7, 5, 1.0);
        DMatrixRMaj c = FeedbackMatrices.draw(context(1), 2, 7, 5, 1.0);
        assertTrue(Rig.identical(a, b));
        assertTrue(Rig.identical(a, c));
        // Drawing others in between does not shift it: each boundary has its own stream.
        MethodContext shared = context(1);
        FeedbackMatrices.draw(shared, 1, 7, 5, 1.0);
        FeedbackMatrices.draw(shared, 3, 4, 4, 1.0);
        assertTrue(Rig.identical(a, FeedbackMatrices.draw(shared, 2, 7, 5, 1.0)));
    }

    @Test
    void differentBoundariesAndSeedsGiveDifferentMatrices() {
        DMatrixRMaj first = FeedbackMatrices.draw(context(1), 1, 7, 5, 1.0);
        DMatrixRMaj second = FeedbackMatrices.draw(context(1), 2, 7, 5, 1.0);
        DMatrixRMaj otherSeed = FeedbackMatrices.draw(context(2), 1, 7, 5, 1.0);
        assertFalse(Rig.identical(first, second));
        assertFalse(Rig.identical(first, otherSeed));
        int equal = 0;
        for (int i = 0; i < first.getNumElements(); i++) {
            if (first.data[i] == second.data[i]) {
                equal++;
            }
        }
        assertEquals(0, equal, "no entry in common, not merely a shifted copy");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 17, 256})
    void entriesLieWithinScaleOverRootRowsAndFillTheRange(int rows) {
        for (double scale : new double[] {1.0, 0.25, 3.0}) {
            DMatrixRMaj m = FeedbackMatrices.draw(context(5), 1, rows, 40, scale);
            assertEquals(rows, m.numRows);
            assertEquals(40, m.numCols);
            double bound = scale / Math.sqrt(rows);
            double max = 0;
            double sum = 0;
            for (int i = 0; i < m.getNumElements(); i++) {
                assertTrue(Math.abs(m.data[i]) <= bound, m.data[i] + " outside ±" + bound);
                max = Math.max(max, Math.abs(m.data[i]));
                sum += m.data[i];
            }
            int n = m.getNumElements();
            // U(−b, b): P(max |x| < 0.9 b) = 0.9^n ≤ 0.9^40 ≈ 0.015 for one draw; the draws are fixed, so this
            // is a check of the scale (an entry of 1/rows instead of 1/√rows would fail it), not a coin toss.
            assertTrue(max >= 0.9 * bound, "largest entry " + max + " of bound " + bound);
            // Mean of U(−b, b) has standard deviation b/√(3n); 5 of them.
            assertTrue(Math.abs(sum / n) <= 5 * bound / Math.sqrt(3.0 * n), "mean " + sum / n);
        }
    }

    @Test
    void theFeedbackScaleMultipliesEveryEntry() {
        DMatrixRMaj unit = FeedbackMatrices.draw(context(9), 2, 6, 3, 1.0);
        for (double scale : new double[] {0.5, 2.0, 3.7}) {
            DMatrixRMaj scaled = FeedbackMatrices.draw(context(9), 2, 6, 3, scale);
            for (int i = 0; i < unit.getNumElements(); i++) {
                assertEquals(Double.doubleToLongBits(scale * unit.data[i]), Double.doubleToLongBits(scaled.data[i]),
                        "entry " + i + " at scale " + scale);
            }
        }
    }

    @Test
    void faHoldsAMatrixOfTheNextWeightsShapeFromItsBoundarysStream() {
        NetworkShape shape = NetworkShape.of(10, 7, 6, 4);
        MethodContext context = context(3);
        List<ErrorSignal> signals = new FeedbackAlignment(FeedbackOptions.DEFAULTS).assign(shape, context);
        assertEquals(2, signals.size());
        for (int k = 1; k <= 2; k++) {
            DMatrixRMaj a = ((FeedbackAlignmentSignal) signals.get(k - 1)).feedback();
            assertEquals(shape.boundaryWidth(k), a.numRows, "rows: width of h_k");
            assertEquals(shape.widths().get(k + 1), a.numCols, "columns: width of g_{k+1}");
            assertTrue(Rig.identical(FeedbackMatrices.draw(context, k, a.numRows, a.numCols, 1.0), a));
        }
    }

    @Test
    void dfaHoldsAMatrixFromHkToTheOutput() {
        NetworkShape shape = NetworkShape.of(10, 7, 6, 4);
        MethodContext context = context(3);
        List<ErrorSignal> signals = new DirectFeedbackAlignment(FeedbackOptions.DEFAULTS).assign(shape, context);
        for (int k = 1; k <= 2; k++) {
            DMatrixRMaj a = ((DirectFeedbackSignal) signals.get(k - 1)).feedback();
            assertEquals(shape.boundaryWidth(k), a.numRows);
            assertEquals(4, a.numCols);
            assertTrue(Rig.identical(FeedbackMatrices.draw(context, k, a.numRows, a.numCols, 1.0), a));
        }
    }

    @Test
    void theOptionsFeedbackScaleReachesTheRules() {
        NetworkShape shape = NetworkShape.of(10, 7, 6, 4);
        FeedbackOptions scaled = new FeedbackOptions(2.5);
        DMatrixRMaj fa = ((FeedbackAlignmentSignal) new FeedbackAlignment(scaled).assign(shape, context(4)).get(1))
                .feedback();
        DMatrixRMaj dfa = ((DirectFeedbackSignal) new DirectFeedbackAlignment(scaled).assign(shape, context(4)).get(1))
                .feedback();
        assertTrue(Rig.identical(FeedbackMatrices.draw(context(4), 2, 6, 4, 2.5), fa));
        assertTrue(Rig.identical(FeedbackMatrices.draw(context(4), 2, 6, 4, 2.5), dfa));
    }

    @Test
    void rulesKeepTheirMatrixForLife() {
        DMatrixRMaj a = FeedbackMatrices.draw(context(1), 1, 3, 2, 1.0);
        assertSame(a, new FeedbackAlignmentSignal(a).feedback());
        assertSame(a, new DirectFeedbackSignal(a, COMPUTE).feedback());
    }
}
