package org.errorprop.framework.training;

import java.util.List;
import java.util.Optional;

/**
 * What a schedule measured: the metrics of every epoch it finished and, when a number became non-finite, where
 * (the run stopped at that step; the unfinished epoch has no metrics).
 */
public record TrainingOutcome(List<EpochMetrics> history, Optional<Divergence> divergence) {
    public TrainingOutcome {
        history = List.copyOf(history);
    }

    public boolean diverged() {
        return divergence.isPresent();
    }
}
