package org.errorprop.experiments.reproduce.depth;

import java.util.Arrays;
import java.util.List;

/**
 * The numbers Figure 5's claims are tested with: the normalised norm profile, Spearman's rank
 * correlation and the spread of a profile.
 */
public final class ProfileStatistics {
    private ProfileStatistics() {
    }

    /** Each value divided by the mean of all: a profile whose mean is 1, comparable across methods. */
    public static double[] normaliseByMean(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("an empty profile");
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        if (!(mean > 0)) {
            throw new IllegalArgumentException("the mean of a norm profile must be positive, was " + mean);
        }
        return values.stream().mapToDouble(v -> v / mean).toArray();
    }

    /**
     * Spearman's rank correlation: Pearson's correlation of the ranks, ties given their average rank.
     * NaN when either side is constant (no ranking to correlate).
     */
    public static double spearman(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("need two equally long series of at least 2 values, got " + x.length
                    + " and " + y.length);
        }
        return pearson(ranks(x), ranks(y));
    }

    /** Spearman's correlation of a profile with its position {@code 1, 2, ..., n}: its monotone trend. */
    public static double trend(double[] profile) {
        double[] positions = new double[profile.length];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = i + 1;
        }
        return spearman(positions, profile);
    }

    /** Ranks 1..n, ties sharing the mean of the ranks they span. */
    static double[] ranks(double[] values) {
        int n = values.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
        double[] ranks = new double[n];
        int start = 0;
        while (start < n) {
            int end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
                end++;
            }
            double shared = (start + end) / 2.0 + 1;
            for (int i = start; i <= end; i++) {
                ranks[order[i]] = shared;
            }
            start = end + 1;
        }
        return ranks;
    }

    private static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
