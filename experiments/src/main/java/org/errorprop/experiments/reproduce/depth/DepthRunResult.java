package org.errorprop.experiments.reproduce.depth;

import java.util.List;

/**
 * What a depth run leaves: its learning curve and, per hidden layer (bottom to top), the squared
 * Frobenius norm of the layer's linear map at the end of training.
 */
public record DepthRunResult(DepthRunSpec spec, LearningCurve curve, List<Double> squaredWeightNorms) {
    public DepthRunResult {
        squaredWeightNorms = List.copyOf(squaredWeightNorms);
    }
}
