package org.errorprop.framework.training;

import java.util.List;

/**
 * Diagnostics of one epoch: per boundary, the signal against the true gradient; per block, the
 * Frobenius norm of its linear weights after the epoch.
 */
public record EpochDiagnostics(int epoch, List<BoundaryDiagnostics> boundaries, List<Double> weightNorms) {
    public EpochDiagnostics {
        boundaries = List.copyOf(boundaries);
        weightNorms = List.copyOf(weightNorms);
    }
}
