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

    /**
     * Last of an epoch, after its metrics and diagnostics: the training state is now the one after {@code epoch}
     * epochs, from which {@link SequentialTraining#run(org.errorprop.framework.data.DataSplit, TrainingConfig,
     * TrainingListener, java.util.List)} continues; the moment to take a checkpoint.
     */
    default void epochCompleted(int epoch) {
    }

    TrainingListener NONE = new TrainingListener() {
    };
}
