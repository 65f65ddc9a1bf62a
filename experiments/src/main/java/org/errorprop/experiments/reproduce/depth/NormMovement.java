package org.errorprop.experiments.reproduce.depth;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.errorprop.experiments.reproduce.StudiedMethod;

/**
 * Did training move the weight norms enough for Figure 5's profiles to be about training rather than
 * initialisation? Per run and hidden layer, the relative change {@code |‖W‖²_final / ‖W‖²_init − 1|};
 * a method's runs moved enough when the smallest change over all its layers and replicates is at least
 * {@link #MINIMUM_RELATIVE_CHANGE}.
 *
 * <p>Why 10%: the claims read differences between layers of a few percent of the mean (the QUICK
 * profiles of the first reproduction spanned 0.86–1.08). A layer whose squared norm moved by less than
 * 10% still carries 90% of its random initial value, so its place in the profile is set by the
 * initialisation as much as by training; the initial-profile statistics are reported beside the final
 * ones as the control. The bar was fixed before any run with independent initial weights.
 */
record NormMovement(Map<StudiedMethod, List<double[]>> changes) {
    static final double MINIMUM_RELATIVE_CHANGE = 0.10;

    NormMovement {
        Map<StudiedMethod, List<double[]>> copy = new EnumMap<>(StudiedMethod.class);
        changes.forEach((method, runs) -> {
            if (runs.isEmpty()) {
                throw new IllegalArgumentException(method + " has no runs");
            }
            copy.put(method, runs.stream().map(double[]::clone).toList());
        });
        changes = Map.copyOf(copy);
    }

    /** The changes of every run of every method in {@code runs}. */
    static NormMovement of(Map<StudiedMethod, List<DepthRunResult>> runs) {
        Map<StudiedMethod, List<double[]>> changes = new EnumMap<>(StudiedMethod.class);
        runs.forEach((method, results) ->
                changes.put(method, results.stream().map(DepthRunResult::relativeNormChanges).toList()));
        return new NormMovement(changes);
    }

    /** The smallest relative change over the method's layers and replicates. */
    double smallest(StudiedMethod method) {
        return all(method)[0];
    }

    /** The median relative change over the method's layers and replicates. */
    double median(StudiedMethod method) {
        double[] sorted = all(method);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** Whether every layer of every run of each of {@code methods} moved by at least the minimum. */
    boolean enough(List<StudiedMethod> methods) {
        return methods.stream().allMatch(m -> smallest(m) >= MINIMUM_RELATIVE_CHANGE);
    }

    private double[] all(StudiedMethod method) {
        List<double[]> runs = changes.get(method);
        if (runs == null) {
            throw new IllegalArgumentException("no runs of " + method);
        }
        double[] all = runs.stream().flatMapToDouble(Arrays::stream).sorted().toArray();
        if (all.length == 0) {
            throw new IllegalArgumentException(method + " has runs without layers");
        }
        return all;
    }
}
