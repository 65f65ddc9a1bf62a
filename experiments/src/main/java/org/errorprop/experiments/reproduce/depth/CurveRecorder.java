package org.errorprop.experiments.reproduce.depth;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.StepResult;
import org.errorprop.framework.training.TrainingListener;

/**
 * Listens to a training run and builds its {@link LearningCurve}: the batch losses are averaged over
 * windows of {@code window} steps (a last, shorter window closes the run), the test metrics are taken
 * from every epoch's end.
 */
final class CurveRecorder implements TrainingListener {
    private final int window;
    private final List<Integer> windowEnds = new ArrayList<>();
    private final List<Double> windowLosses = new ArrayList<>();
    private final List<Double> testAccuracies = new ArrayList<>();
    private final List<Double> testLosses = new ArrayList<>();
    private int steps;
    private int inWindow;
    private double windowSum;

    CurveRecorder(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        this.window = window;
    }

    @Override
    public void stepFinished(int epoch, int step, int stepsPerEpoch, StepResult result) {
        steps++;
        inWindow++;
        windowSum += result.loss();
        if (inWindow == window) {
            closeWindow();
        }
    }

    @Override
    public void epochFinished(EpochMetrics metrics) {
        testAccuracies.add(metrics.testAccuracy());
        testLosses.add(metrics.testLoss());
    }

    private void closeWindow() {
        windowEnds.add(steps);
        windowLosses.add(windowSum / inWindow);
        inWindow = 0;
        windowSum = 0;
    }

    /** The curve so far, a partly filled last window included. */
    LearningCurve curve() {
        if (inWindow > 0) {
            closeWindow();
        }
        return new LearningCurve(windowEnds.stream().mapToInt(Integer::intValue).toArray(),
                windowLosses.stream().mapToDouble(Double::doubleValue).toArray(),
                testAccuracies.stream().mapToDouble(Double::doubleValue).toArray(),
                testLosses.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
