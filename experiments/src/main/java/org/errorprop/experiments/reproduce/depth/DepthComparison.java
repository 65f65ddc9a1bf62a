package org.errorprop.experiments.reproduce.depth;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.errorprop.experiments.reproduce.StudiedMethod;

/**
 * Backprop and the single SG on one network of Figure 4, over several seeds: {@code backprop.get(s)} and
 * {@code synthetic.get(s)} are seed {@code s + 1}'s pair, which start from the same weights and see the same
 * batches (so within a seed the two runs differ only in their rule); every seed has weights of its own.
 *
 * @param backprop     backprop's runs, one per seed
 * @param synthetic    the single SG's runs, in the same seed order
 * @param testExamples the size of the test split the accuracies are measured on
 * @param classes      the number of classes (chance-level loss {@code ln classes})
 */
record DepthComparison(List<DepthRunResult> backprop, List<DepthRunResult> synthetic, int testExamples,
                       int classes) {

    DepthComparison {
        backprop = List.copyOf(backprop);
        synthetic = List.copyOf(synthetic);
        if (backprop.isEmpty() || backprop.size() != synthetic.size()) {
            throw new IllegalArgumentException(backprop.size() + " backprop and " + synthetic.size() + " SG runs");
        }
        DepthNetwork network = backprop.get(0).spec().network();
        for (int s = 0; s < backprop.size(); s++) {
            if (!backprop.get(s).spec().network().equals(network) || !synthetic.get(s).spec().network().equals(network)
                    || backprop.get(s).spec().method() != StudiedMethod.BACKPROP
                    || synthetic.get(s).spec().method() != StudiedMethod.SINGLE_SG) {
                throw new IllegalArgumentException("seed " + (s + 1) + " is not a backprop / single-SG pair of "
                        + network.label());
            }
        }
    }

    DepthNetwork network() {
        return backprop.get(0).spec().network();
    }

    int seeds() {
        return backprop.size();
    }

    /** One number per seed of backprop's curves. */
    double[] ofBackprop(ToDoubleFunction<LearningCurve> number) {
        return backprop.stream().mapToDouble(r -> number.applyAsDouble(r.curve())).toArray();
    }

    /** One number per seed of the single SG's curves. */
    double[] ofSynthetic(ToDoubleFunction<LearningCurve> number) {
        return synthetic.stream().mapToDouble(r -> number.applyAsDouble(r.curve())).toArray();
    }

    /** The step of the early checkpoint, the end of the first quarter of training. */
    int checkpoint() {
        return ConvergenceCheck.earlyCheckpoint(backprop.get(0).curve().steps());
    }

    /** Per seed, backprop's training loss minus the SG's at the early checkpoint: positive when the SG is ahead. */
    double[] sgLeadAtCheckpoint() {
        int step = checkpoint();
        double[] lead = new double[seeds()];
        for (int s = 0; s < lead.length; s++) {
            lead[s] = backprop.get(s).curve().trainLossAt(step) - synthetic.get(s).curve().trainLossAt(step);
        }
        return lead;
    }

    /** The lowest final test accuracy over the seeds of backprop's and of the SG's runs. */
    double lowestBackpropAccuracy() {
        return min(ofBackprop(LearningCurve::finalTestAccuracy));
    }

    double lowestSyntheticAccuracy() {
        return min(ofSynthetic(LearningCurve::finalTestAccuracy));
    }

    private static double min(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        for (double v : values) {
            min = Double.isNaN(v) ? v : Math.min(min, v);
            if (Double.isNaN(min)) {
                return min;
            }
        }
        return min;
    }
}
