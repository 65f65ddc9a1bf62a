package org.errorprop.experiments.reproduce.table2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.framework.data.ArtificialKind;
import org.junit.jupiter.api.Test;

/**
 * Every Table 2 criterion, through the claim code the report uses, on synthetic results (no training): a table
 * shaped like the paper's, on which every claim holds, and for each claim a control on which it fails.
 */
class Table2ClaimsTest {
    private static final int DATA_SETS = 10;
    private static final double[] STEPS = {0, 50, 100};

    /** The SG and backprop final losses of one data set, and the SG's gap at half the steps. */
    private record Run(double backprop, double synthetic, double gapAtHalf) {
    }

    /** The paper's Table 2 as results: each cell's SG gap is the paper's number, with a small spread. */
    private static Map<Table2Cell, List<Run>> paperLike() {
        Map<Table2Cell, List<Run>> table = new java.util.LinkedHashMap<>();
        for (Table2Cell cell : Table2Cell.paperTable()) {
            List<Run> runs = new ArrayList<>();
            double reference = cell.loss() == OutputLoss.MSE ? 0.1 : 0.05;
            for (int i = 0; i < DATA_SETS; i++) {
                double gap = Math.max(cell.paper(), 1e-6) * (1 + 0.1 * (i % 3 - 1));
                runs.add(new Run(reference, reference + gap, gap / 2));
            }
            table.put(cell, runs);
        }
        return table;
    }

    private static List<CellSummary> summaries(Map<Table2Cell, List<Run>> table) {
        List<CellSummary> summaries = new ArrayList<>();
        table.forEach((cell, runs) -> {
            List<DataSetOutcome> outcomes = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                Run run = runs.get(i);
                double start = cell.loss().chanceLevel();
                TrainingTrace bp = new TrainingTrace(STEPS, new double[] {start, run.backprop(), run.backprop()},
                        run.backprop(), Double.NaN);
                TrainingTrace sg = new TrainingTrace(STEPS,
                        new double[] {start, run.backprop() + run.gapAtHalf(), run.synthetic()}, run.synthetic(), 0.5);
                double optimum = cell.loss() == OutputLoss.MSE ? run.backprop() : Double.NaN;
                outcomes.add(new DataSetOutcome(cell, i, optimum, bp, sg));
            }
            summaries.add(CellSummary.of(cell, outcomes));
        });
        return summaries;
    }

    private static Map<Table2Cell, List<Run>> with(Map<Table2Cell, List<Run>> table, ArtificialKind kind, int k,
                                                   ModelDepth depth, OutputLoss loss, UnaryOperator<List<Run>> change) {
        Map<Table2Cell, List<Run>> changed = new java.util.LinkedHashMap<>(table);
        for (Table2Cell cell : table.keySet()) {
            if (cell.kind() == kind && cell.dimension() == k && cell.depth() == depth && cell.loss() == loss) {
                changed.put(cell, change.apply(new ArrayList<>(table.get(cell))));
            }
        }
        return changed;
    }

    /** Every run of the cell with the SG gap {@code gap} and {@code atHalf} at half the steps. */
    private static UnaryOperator<List<Run>> gap(double gap, double atHalf) {
        return runs -> runs.stream().map(r -> new Run(r.backprop(), r.backprop() + gap, atHalf)).toList();
    }

    private static Claim claim(Map<Table2Cell, List<Run>> table, String findingPart) {
        List<Claim> claims = Table2Claims.claims(summaries(table));
        List<Claim> matching = claims.stream().filter(c -> c.finding().contains(findingPart)).toList();
        assertEquals(1, matching.size(), findingPart);
        return matching.get(0);
    }

    @Test
    void onThePapersOwnNumbersEveryClaimHolds() {
        List<Claim> claims = Table2Claims.claims(summaries(paperLike()));
        assertEquals(7, claims.size());
        for (Claim claim : claims) {
            assertTrue(claim.holds(), claim.finding() + ": " + claim.ours());
        }
    }

    @Test
    void anMseCellAwayFromTheOptimumFailsTheConvergenceClaim() {
        var control = with(paperLike(), ArtificialKind.NOISY, 100, ModelDepth.DEEP, OutputLoss.MSE, gap(0.01, 0.01));
        assertFalse(claim(control, "With MSE").holds());
    }

    /** The swapped method: an SG run that ends where backprop does has no separable-data gap. */
    @Test
    void anSgThatMatchesBackpropOnSeparableDataFailsTheDifferentSolutionClaim() {
        var control = with(paperLike(), ArtificialKind.LINEAR, 2, ModelDepth.SHALLOW, OutputLoss.LOG_LOSS,
                gap(0, 0));
        assertFalse(claim(control, "(linear2)").holds());
        assertTrue(claim(control, "(linear100)").holds());
    }

    /** A gap that closes with the budget is a slower SG, not a different solution. */
    @Test
    void aGapThatClosesWithTheBudgetFailsTheDifferentSolutionClaim() {
        var control = with(paperLike(), ArtificialKind.LINEAR, 100, ModelDepth.SHALLOW, OutputLoss.LOG_LOSS,
                gap(0.08, 0.12));
        assertFalse(claim(control, "(linear100)").holds());
        var growing = with(paperLike(), ArtificialKind.LINEAR, 100, ModelDepth.SHALLOW, OutputLoss.LOG_LOSS,
                gap(0.08, 0.04));
        assertTrue(claim(growing, "(linear100)").holds());
    }

    @Test
    void aSeparableGapOutsideAFactorOfTwoOfThePapersFailsTheSizeClaim() {
        var small = with(paperLike(), ArtificialKind.LINEAR, 2, ModelDepth.SHALLOW, OutputLoss.LOG_LOSS,
                gap(0.0069, 0.003));
        assertFalse(claim(small, "paper's size").holds());
        var large = with(paperLike(), ArtificialKind.LINEAR, 100, ModelDepth.SHALLOW, OutputLoss.LOG_LOSS,
                gap(0.2, 0.1));
        assertFalse(claim(large, "paper's size").holds());
        var withinFactor = with(paperLike(), ArtificialKind.LINEAR, 2, ModelDepth.SHALLOW, OutputLoss.LOG_LOSS,
                gap(0.02, 0.01));
        assertTrue(claim(withinFactor, "paper's size").holds());
    }

    @Test
    void aRandomLabelCellWithAGapFailsTheRandomClaim() {
        var control = with(paperLike(), ArtificialKind.RANDOM, 2, ModelDepth.DEEP, OutputLoss.LOG_LOSS,
                gap(0.01, 0.01));
        assertFalse(claim(control, "random labels").holds());
    }

    @Test
    void aNoisyGapAboveTheSeparableOneFailsTheOrderingClaim() {
        var control = with(paperLike(), ArtificialKind.NOISY, 2, ModelDepth.SHALLOW, OutputLoss.LOG_LOSS,
                gap(0.05, 0.05));
        assertFalse(claim(control, "flipped labels").holds());
    }

    /**
     * The cell no other claim reads (deep noisy2 log loss, the review's 103,605): one exploded SG run, or one
     * non-finite one, fails the divergence claim; a run just under the chance level does not.
     */
    @Test
    void oneExplodedOrNonFiniteRunInAnyCellFailsTheDivergenceClaim() {
        for (double exploded : new double[] {5.0e5, Double.NaN, Double.POSITIVE_INFINITY, 0.70}) {
            var control = with(paperLike(), ArtificialKind.NOISY, 2, ModelDepth.DEEP, OutputLoss.LOG_LOSS, runs -> {
                runs.set(7, new Run(0.45, exploded, 0));
                return runs;
            });
            Claim claim = claim(control, "No run diverges");
            assertFalse(claim.holds(), exploded + ": " + claim.ours());
            assertTrue(claim.ours().startsWith("1 of 400 runs"), claim.ours());
        }
        var belowChance = with(paperLike(), ArtificialKind.NOISY, 2, ModelDepth.DEEP, OutputLoss.LOG_LOSS, runs -> {
            runs.set(7, new Run(0.45, 0.69, 0));
            return runs;
        });
        assertTrue(claim(belowChance, "No run diverges").holds());
        var backpropAbove = with(paperLike(), ArtificialKind.RANDOM, 100, ModelDepth.SHALLOW, OutputLoss.MSE, runs -> {
            runs.set(0, new Run(0.3, 0.3, 0));
            return runs;
        });
        assertFalse(claim(backpropAbove, "No run diverges").holds());
    }
}
