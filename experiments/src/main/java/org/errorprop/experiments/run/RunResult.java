package org.errorprop.experiments.run;

import java.util.List;
import org.errorprop.framework.training.EpochDiagnostics;
import org.errorprop.framework.training.EpochMetrics;

/** What one run measured: per-epoch metrics, and per-epoch signal diagnostics when probed. */
public record RunResult(List<EpochMetrics> history, List<EpochDiagnostics> diagnostics) {
    public RunResult {
        history = List.copyOf(history);
        diagnostics = List.copyOf(diagnostics);
    }

    public EpochMetrics last() {
        return history.get(history.size() - 1);
    }
}
