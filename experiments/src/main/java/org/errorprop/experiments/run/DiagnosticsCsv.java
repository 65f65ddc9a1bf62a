package org.errorprop.experiments.run;

import java.util.List;
import org.errorprop.framework.training.BoundaryDiagnostics;
import org.errorprop.framework.training.EpochDiagnostics;

/**
 * {@code diagnostics.csv} (per epoch and boundary: cosine and norm ratio of the signal against the
 * true gradient, the signal's own learning loss) and {@code weights.csv} (per epoch and block: the
 * Frobenius norm of the linear weights). NaN marks an undefined value (a zero signal has no cosine;
 * a rule that does not learn has no learning loss).
 */
public final class DiagnosticsCsv {
    public static final String SIGNALS_HEADER = "epoch,boundary,cosine,norm_ratio,synthesizer_loss,probed_steps";
    public static final String WEIGHTS_HEADER = "epoch,block,weight_norm";

    private DiagnosticsCsv() {
    }

    public static String signals(List<EpochDiagnostics> diagnostics) {
        StringBuilder out = new StringBuilder(SIGNALS_HEADER).append('\n');
        for (EpochDiagnostics epoch : diagnostics) {
            for (BoundaryDiagnostics b : epoch.boundaries()) {
                out.append(epoch.epoch()).append(',').append(b.boundary()).append(',').append(b.cosine()).append(',')
                        .append(b.normRatio()).append(',').append(b.learningLoss()).append(',')
                        .append(b.probedSteps()).append('\n');
            }
        }
        return out.toString();
    }

    public static String weights(List<EpochDiagnostics> diagnostics) {
        StringBuilder out = new StringBuilder(WEIGHTS_HEADER).append('\n');
        for (EpochDiagnostics epoch : diagnostics) {
            for (int k = 0; k < epoch.weightNorms().size(); k++) {
                out.append(epoch.epoch()).append(',').append(k + 1).append(',').append(epoch.weightNorms().get(k))
                        .append('\n');
            }
        }
        return out.toString();
    }
}
