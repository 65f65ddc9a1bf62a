package org.errorprop.experiments.reproduce.table2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.errorprop.framework.data.ArtificialKind;
import org.junit.jupiter.api.Test;

class DivergenceNoteTest {
    private static final Table2Cell NOISY2_DEEP_LOG =
            new Table2Cell(ArtificialKind.NOISY, 2, ModelDepth.DEEP, OutputLoss.LOG_LOSS, 0.0);

    private static DataSetOutcome outcome(int index, double backprop, double synthetic) {
        TrainingTrace bp = new TrainingTrace(new double[] {0}, new double[] {backprop}, backprop, Double.NaN);
        TrainingTrace sg = new TrainingTrace(new double[] {0}, new double[] {synthetic}, synthetic, 0.5);
        return new DataSetOutcome(NOISY2_DEEP_LOG, index, Double.NaN, bp, sg);
    }

    @Test
    void aRunAboveChanceAndTwiceBackpropIsNamedWithItsDataSet() {
        String note = Table2Experiment.divergenceNote(List.of(outcome(0, 0.30, 0.31), outcome(3, 0.30, 9.5e4)));
        assertTrue(note.contains("data set 3"), note);
        assertTrue(!note.contains("data set 0"), note);
    }

    /** The test for the test: close to chance, or not far above backprop, is not a divergence. */
    @Test
    void runsNearChanceOrNearBackpropAreNotNamed() {
        assertEquals("", Table2Experiment.divergenceNote(List.of(outcome(0, 0.30, 0.60), outcome(1, 0.50, 0.75))));
    }
}
