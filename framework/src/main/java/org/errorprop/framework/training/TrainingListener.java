package org.errorprop.framework.training;

/** Observes a training run; progress bars and reports hang here. Methods run on the training thread. */
public interface TrainingListener {

    /** After every step; {@code step} counts from 1 within the epoch, out of {@code stepsPerEpoch}. */
    default void stepFinished(int epoch, int step, int stepsPerEpoch, StepResult result) {
    }

    default void epochFinished(EpochMetrics metrics) {
    }

    /** After {@link #epochFinished}, when the run probes its signals. */
    default void diagnosticsFinished(EpochDiagnostics diagnostics) {
    }

    TrainingListener NONE = new TrainingListener() {
    };
}
