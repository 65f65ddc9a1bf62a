package org.errorprop.experiments.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every measured run of every side of a bench (a method at a depth on one implementation), in the order first seen,
 * and each side's best and median.
 */
public final class ThroughputSamples {
    /** One side of the comparison. */
    public record Side(String method, int depth, String implementation) {
    }

    /**
     * One side's runs.
     *
     * @param best             the fastest run (other load only ever slows a run down)
     * @param medianSamples    the median samples per second (the mean of the middle two for an even count)
     * @param runs             how many runs were measured
     */
    public record Summary(Side side, Throughput best, double medianSamples, int runs) {
    }

    private final Map<Side, List<Throughput>> runs = new LinkedHashMap<>();

    public void add(Throughput t) {
        runs.computeIfAbsent(new Side(t.method(), t.depth(), t.implementation()), s -> new ArrayList<>()).add(t);
    }

    public List<Summary> summaries() {
        List<Summary> summaries = new ArrayList<>();
        runs.forEach((side, list) -> {
            List<Throughput> sorted = new ArrayList<>(list);
            sorted.sort(Comparator.comparingDouble(Throughput::samplesPerSecond));
            summaries.add(new Summary(side, sorted.get(sorted.size() - 1),
                    median(sorted.stream().mapToDouble(Throughput::samplesPerSecond).toArray()), sorted.size()));
        });
        return summaries;
    }

    /** The median of ascending {@code values}, not empty. */
    public static double median(double[] values) {
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
