package org.errorprop.experiments.checkpoint;

import java.util.List;
import org.errorprop.framework.state.StateArrays;
import org.errorprop.framework.training.EpochDiagnostics;
import org.errorprop.framework.training.EpochMetrics;

/**
 * A run stopped after {@code epochs} epochs: enough to continue it bit for bit ({@link CheckpointFormat}).
 *
 * @param spec        the run's spec as YAML, as {@code spec.yaml} holds it: a checkpoint belongs to one spec
 * @param epochs      epochs done
 * @param state       the trainer's state after them (network, optimiser, signals), see {@code Trainer#exportState}
 * @param metrics     the metrics of those epochs, one per epoch
 * @param diagnostics their diagnostics, one per epoch when the run probes its signals, else none
 */
public record Checkpoint(String spec, int epochs, StateArrays state, List<EpochMetrics> metrics,
                         List<EpochDiagnostics> diagnostics) {
    public Checkpoint {
        metrics = List.copyOf(metrics);
        diagnostics = List.copyOf(diagnostics);
        if (epochs < 1 || metrics.size() != epochs || !(diagnostics.isEmpty() || diagnostics.size() == epochs)) {
            throw new IllegalArgumentException("a checkpoint after " + epochs + " epochs holds " + metrics.size()
                    + " epochs of metrics and " + diagnostics.size() + " of diagnostics");
        }
    }
}
