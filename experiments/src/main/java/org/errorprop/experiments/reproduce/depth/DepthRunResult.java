package org.errorprop.experiments.reproduce.depth;

import java.util.List;

/**
 * What a depth run leaves: its learning curve and, per hidden layer (bottom to top), the squared
 * Frobenius norm of the layer's linear map at initialisation and at the end of training.
 */
public record DepthRunResult(DepthRunSpec spec, LearningCurve curve, List<Double> initialSquaredWeightNorms,
                             List<Double> squaredWeightNorms)
        implements java.io.Serializable {
    public DepthRunResult {
        initialSquaredWeightNorms = List.copyOf(initialSquaredWeightNorms);
        squaredWeightNorms = List.copyOf(squaredWeightNorms);
        if (initialSquaredWeightNorms.size() != squaredWeightNorms.size()) {
            throw new IllegalArgumentException("initial and final norms of different layer counts");
        }
    }

    /** Mean over hidden layers of {@code |final / initial - 1|}: how far training moved the norms. */
    public double meanRelativeNormChange() {
        double sum = 0;
        for (double change : relativeNormChanges()) {
            sum += change;
        }
        return sum / squaredWeightNorms.size();
    }

    /** Per hidden layer (bottom to top), {@code |final / initial - 1|} of its squared norm. */
    public double[] relativeNormChanges() {
        double[] changes = new double[squaredWeightNorms.size()];
        for (int k = 0; k < changes.length; k++) {
            changes[k] = Math.abs(squaredWeightNorms.get(k) / initialSquaredWeightNorms.get(k) - 1);
        }
        return changes;
    }
}
