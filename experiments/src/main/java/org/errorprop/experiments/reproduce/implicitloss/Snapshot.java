package org.errorprop.experiments.reproduce.implicitloss;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The state of one run after {@code iteration} steps: the true per-point loss, and per synthesizer
 * boundary the reconstructed {@code L̂} per point and its Pearson correlation with the true loss.
 */
public record Snapshot(int iteration, double[] trueLoss, SortedMap<Integer, double[]> reconstructed,
                       SortedMap<Integer, Double> correlation) {

    public Snapshot {
        reconstructed = new TreeMap<>(reconstructed);
        correlation = new TreeMap<>(correlation);
    }

    public static Snapshot of(int iteration, double[] trueLoss, Map<Integer, double[]> reconstructed) {
        TreeMap<Integer, Double> correlation = new TreeMap<>();
        reconstructed.forEach((k, values) -> correlation.put(k, Pearson.correlation(trueLoss, values)));
        return new Snapshot(iteration, trueLoss, new TreeMap<>(reconstructed), correlation);
    }
}
