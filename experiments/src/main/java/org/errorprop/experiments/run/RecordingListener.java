package org.errorprop.experiments.run;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.framework.training.EpochDiagnostics;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.StepResult;
import org.errorprop.framework.training.TrainingListener;

/**
 * Passes every event on to another listener and keeps the epochs' metrics and diagnostics it saw, after those of
 * the run so far (a resumed run's checkpoint).
 */
class RecordingListener implements TrainingListener {
    private final TrainingListener next;
    private final List<EpochMetrics> metrics;
    private final List<EpochDiagnostics> diagnostics;

    RecordingListener(TrainingListener next, RunResult before) {
        this.next = next;
        this.metrics = new ArrayList<>(before.history());
        this.diagnostics = new ArrayList<>(before.diagnostics());
    }

    /** Every epoch's metrics so far, the run's earlier ones first (live: it grows as the run goes on). */
    List<EpochMetrics> metrics() {
        return metrics;
    }

    /** Every epoch's diagnostics so far, the run's earlier ones first (live). */
    List<EpochDiagnostics> diagnostics() {
        return diagnostics;
    }

    @Override
    public void stepFinished(int epoch, int step, int stepsPerEpoch, StepResult result) {
        next.stepFinished(epoch, step, stepsPerEpoch, result);
    }

    @Override
    public void epochFinished(EpochMetrics epoch) {
        metrics.add(epoch);
        next.epochFinished(epoch);
    }

    @Override
    public void diagnosticsFinished(EpochDiagnostics epoch) {
        diagnostics.add(epoch);
        next.diagnosticsFinished(epoch);
    }

    @Override
    public void epochCompleted(int epoch) {
        next.epochCompleted(epoch);
    }
}
