package org.errorprop.experiments.report;

import java.util.Arrays;

/**
 * The mean and the sample standard deviation (divisor {@code n - 1}) of a few values: the seeds of a claim, the
 * repeats of a benchmark. One place for the formula, so every report's "mean ± sd" means the same thing.
 */
public final class SampleSpread {

    private SampleSpread() {
    }

    /** The arithmetic mean (compensated summation, as {@link java.util.stream.DoubleStream#average}); at least one value. */
    public static double mean(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("need at least 1 value, got none");
        }
        return Arrays.stream(values).average().orElseThrow();
    }

    /** The sample standard deviation (divisor {@code n - 1}); at least two values, since one has no spread. */
    public static double standardDeviation(double[] values) {
        if (values.length < 2) {
            throw new IllegalArgumentException("need at least 2 values, got " + values.length);
        }
        double mean = mean(values);
        double sum = 0;
        for (double v : values) {
            sum += (v - mean) * (v - mean);
        }
        return Math.sqrt(sum / (values.length - 1));
    }
}
