package org.errorprop.experiments.reproduce.implicitloss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.errorprop.framework.loss.SoftmaxCrossEntropy;
import org.errorprop.framework.random.RandomStreams;
import org.junit.jupiter.api.Test;

/** The small computations behind Figure 2 and Supp. Fig. 9, on inputs with hand-derived answers. */
class ImplicitLossPiecesTest {

    /** x = (1, 2, 3), y = (2, 3, 7): deviations (−1, 0, 1), (−2, −1, 3); r = 5 / √(2 · 14); a few ulps of rounding. */
    @Test
    void pearsonMatchesTheHandComputedValueAndIsAffineInvariant() {
        double[] x = {1, 2, 3};
        assertEquals(5 / Math.sqrt(28), Pearson.correlation(x, new double[] {2, 3, 7}), 4 * Math.ulp(1.0));
        assertEquals(1.0, Pearson.correlation(x, new double[] {-5, -3, -1}), 4 * Math.ulp(1.0));
        assertEquals(-1.0, Pearson.correlation(x, new double[] {3, 2, 1}), 4 * Math.ulp(1.0));
        assertTrue(Double.isNaN(Pearson.correlation(x, new double[] {4, 4, 4})), "a constant map has no shape");
    }

    /**
     * The noisy grid: coordinates run from -1 to 1, and exactly 10% of the labels disagree with the line the
     * stream drew (the same stream, re-read, gives the normal); random labels are not all one class.
     */
    @Test
    void theNoisyGridSwapsExactlyTenPercentOfTheLineLabels() {
        int side = 10;
        RandomStreams streams = new RandomStreams(5);
        GridProblem grid = GridProblem.build(side, GridLabelling.NOISY, streams.startOf("grid"));
        assertEquals(-1.0, grid.inputs().get(0, 0), 0.0);
        assertEquals(1.0, grid.inputs().get(0, 1), 0.0);
        assertEquals(1.0, grid.inputs().get(side * side - 1, 0), 0.0);
        assertEquals(-1.0, grid.inputs().get(side * side - 1, 1), 0.0);
        RandomGenerator again = new RandomStreams(5).startOf("grid");
        double nx = again.nextGaussian();
        double ny = again.nextGaussian();
        int disagree = 0;
        for (int r = 0; r < grid.points(); r++) {
            int line = grid.inputs().get(r, 0) * nx + grid.inputs().get(r, 1) * ny > 0 ? 1 : 0;
            int label = grid.targets().get(r, 1) > 0.5 ? 1 : 0;
            assertEquals(1.0, grid.targets().get(r, 0) + grid.targets().get(r, 1), 0.0, "one-hot");
            if (line != label) {
                disagree++;
            }
        }
        assertEquals(10, disagree);
        GridProblem random = GridProblem.build(side, GridLabelling.RANDOM, streams.startOf("other"));
        double ones = 0;
        for (int r = 0; r < random.points(); r++) {
            ones += random.targets().get(r, 1);
        }
        assertTrue(ones > 20 && ones < 80, "100 fair coins: " + ones + " ones (P(outside 21..79) < 1e-8)");
    }

    @Test
    void settledBelowFindsTheStartOfTheFinalRunBelowTheThreshold() {
        GridProblem grid = GridProblem.build(2, GridLabelling.RANDOM, new RandomStreams(1).startOf("g"));
        RunConfig config = new RunConfig(LossPanel.A, SgLayout.SINGLE, SgVariant.FULL);
        RunRecord dips = new RunRecord(config, grid, new double[] {1, 0.1, 0.5, 0.2, 0.1, 0.05}, List.of());
        assertEquals(4, dips.settledBelow(0.3), "steps 4..6 are below; the dip at step 2 does not count");
        assertEquals(-1, dips.settledBelow(0.01));
        assertEquals(1, dips.settledBelow(2));
        assertEquals(0.05, dips.finalLoss(), 0.0);
    }

    /** Per-point softmax cross-entropy: logits (0, 0) cost ln 2 whatever the label; (ln 3, 0) with label 0 costs ln(4/3). */
    @Test
    void perPointLossSplitsTheBatchMean() {
        var output = new org.ejml.data.DMatrixRMaj(new double[][] {{0, 0}, {Math.log(3), 0}});
        var targets = new org.ejml.data.DMatrixRMaj(new double[][] {{0, 1}, {1, 0}});
        double[] losses = PerPointLoss.of(new SoftmaxCrossEntropy(), output, targets);
        assertEquals(Math.log(2), losses[0], 4 * Math.ulp(1.0));
        assertEquals(Math.log(4.0 / 3.0), losses[1], 8 * Math.ulp(1.0));
    }

    @Test
    void snapshotsAreLogSpacedAndEndAtTheLastStep() {
        ImplicitLossSettings settings = new ImplicitLossSettings(4, 4, 5, 3, 4000, 1e-3, 6);
        assertEquals(List.of(125, 250, 500, 1000, 2000, 4000), settings.snapshotIterations());
    }
}
