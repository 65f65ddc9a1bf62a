package org.errorprop.experiments.run;

import java.util.List;
import java.util.Optional;
import org.errorprop.framework.training.Divergence;
import org.errorprop.framework.training.DivergenceException;
import org.errorprop.framework.training.EpochDiagnostics;
import org.errorprop.framework.training.EpochMetrics;

/**
 * What one run measured: per-epoch metrics, per-epoch signal diagnostics when probed, and where it diverged if
 * it did (the epochs before it are kept; the run stopped there).
 */
public record RunResult(List<EpochMetrics> history, List<EpochDiagnostics> diagnostics,
                        Optional<Divergence> divergence) {
    public RunResult {
        history = List.copyOf(history);
        diagnostics = List.copyOf(diagnostics);
    }

    /** A run that finished every epoch. */
    public RunResult(List<EpochMetrics> history, List<EpochDiagnostics> diagnostics) {
        this(history, diagnostics, Optional.empty());
    }

    public boolean diverged() {
        return divergence.isPresent();
    }

    /** This result, for callers that cannot use a diverged run: it is refused with its divergence. */
    public RunResult requireComplete() {
        if (divergence.isPresent()) {
            throw new DivergenceException(divergence.get());
        }
        return this;
    }

    public EpochMetrics last() {
        return history.get(history.size() - 1);
    }
}
