package org.errorprop.framework.training;

import java.util.List;

/**
 * A pipelined run's result: the epochs it finished (and a divergence, if one stopped it), each stage's measurements,
 * where it cut, the wall-clock time of its epochs (evaluation excluded) and whether the caller stopped it.
 */
public record PipelinedOutcome(TrainingOutcome training, StageCut cut, List<StageMetrics> stages,
                               double trainingSeconds, long samples, boolean stoppedByCaller) {
    public PipelinedOutcome {
        stages = List.copyOf(stages);
    }

    /** Training examples per second of wall-clock time, over the epochs that ran. */
    public double samplesPerSecond() {
        return trainingSeconds > 0 ? samples / trainingSeconds : 0;
    }
}
