package org.errorprop.experiments.reproduce.representations;

import java.util.Arrays;

/**
 * A quantity measured at each hidden layer {@code 1 .. L} (a distance to the last layer's RDM, a
 * probe's accuracy or error), with the shape statistics the claims of Figure 3 and Supp. Fig. 8 test.
 */
public record LayerProfile(double[] values) {

    public LayerProfile {
        if (values.length < 2) {
            throw new IllegalArgumentException("a profile needs at least two layers, got " + values.length);
        }
        values = values.clone();
    }

    public int layers() {
        return values.length;
    }

    /** The value at hidden layer {@code layer}, 1-based. */
    public double at(int layer) {
        return values[layer - 1];
    }

    /**
     * The first layer {@code l} from which every value up to {@code lastLayer} is at most {@code bound};
     * {@code lastLayer + 1} if even the value at {@code lastLayer} exceeds it.
     */
    public int firstLayerStayingAtMost(double bound, int lastLayer) {
        int first = lastLayer + 1;
        for (int l = lastLayer; l >= 1 && at(l) <= bound; l--) {
            first = l;
        }
        return first;
    }

    /** The least-squares slope of value against layer over layers {@code from .. to} inclusive. */
    public double slope(int from, int to) {
        if (to <= from) {
            throw new IllegalArgumentException("a slope needs at least two layers: " + from + ".." + to);
        }
        int count = to - from + 1;
        double meanX = (from + to) / 2.0;
        double meanY = 0;
        for (int l = from; l <= to; l++) {
            meanY += at(l);
        }
        meanY /= count;
        double covariance = 0;
        double variance = 0;
        for (int l = from; l <= to; l++) {
            covariance += (l - meanX) * (at(l) - meanY);
            variance += (l - meanX) * (l - meanX);
        }
        return covariance / variance;
    }

    /** The change across boundary {@code k}: {@code |value(k+1) − value(k)|}. */
    public double stepAcross(int boundary) {
        return Math.abs(at(boundary + 1) - at(boundary));
    }

    /** The median of {@code |value(k+1) − value(k)|} over every boundary except {@code excluded}. */
    public double medianStepExcept(int excluded) {
        double[] steps = new double[layers() - 2];
        int at = 0;
        for (int k = 1; k < layers(); k++) {
            if (k != excluded) {
                steps[at++] = stepAcross(k);
            }
        }
        double[] used = Arrays.copyOf(steps, at);
        Arrays.sort(used);
        int m = used.length;
        return m % 2 == 1 ? used[m / 2] : (used[m / 2 - 1] + used[m / 2]) / 2.0;
    }

    /** The profile divided by a positive constant (e.g. by its value at layer 1). */
    public LayerProfile dividedBy(double scale) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[i] / scale;
        }
        return new LayerProfile(out);
    }
}
