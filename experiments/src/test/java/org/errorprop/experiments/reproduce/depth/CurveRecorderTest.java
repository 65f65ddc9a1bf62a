package org.errorprop.experiments.reproduce.depth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.StepResult;
import org.junit.jupiter.api.Test;

/** Window means of the losses 1..10 in windows of 4: (1+2+3+4)/4, (5+..+8)/4, (9+10)/2; exact in binary. */
class CurveRecorderTest {

    @Test
    void lossesAreAveragedOverWindowsAndTheLastPartialWindowIsKept() {
        CurveRecorder recorder = new CurveRecorder(4);
        for (int s = 1; s <= 10; s++) {
            recorder.stepFinished(s <= 5 ? 1 : 2, s <= 5 ? s : s - 5, 5, new StepResult(s, 0, 1));
            if (s == 5 || s == 10) {
                recorder.epochFinished(new EpochMetrics(s / 5, 0, 0, 1.0 / s, 0.1 * s, 0));
            }
        }
        LearningCurve curve = recorder.curve();
        assertArrayEquals(new int[] {4, 8, 10}, curve.windowEnd());
        assertArrayEquals(new double[] {2.5, 6.5, 9.5}, curve.trainLoss(), 0.0);
        assertArrayEquals(new double[] {0.5, 1.0}, curve.testAccuracy(), 1e-15);
        assertEquals(10, curve.steps());
        assertEquals(6.5, curve.trainLossAt(5), 0.0, "the window closing at step 8 covers step 5");
        assertEquals(2.5, curve.trainLossAt(4), 0.0);
        assertEquals(9.5, curve.trainLossAt(99), 0.0, "past the end: the last window");
    }
}
