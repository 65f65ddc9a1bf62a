package org.errorprop.experiments.reproduce.implicitloss;

/**
 * Pearson's correlation coefficient. It is the measure of how well the reconstructed loss tracks the
 * true one because it ignores exactly what the paper's picture ignores: an affine change of either map
 * (the paper's colour scale is stretched per image, and {@code L̂} is defined up to a constant).
 */
public final class Pearson {
    private Pearson() {
    }

    /** The correlation of {@code x} and {@code y}; NaN when either is constant (no shape to compare). */
    public static double correlation(double[] x, double[] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException("need two series of equal length >= 2, got " + x.length + " and " + y.length);
        }
        double mx = mean(x);
        double my = mean(y);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        return sxy / Math.sqrt(sxx * syy);
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
