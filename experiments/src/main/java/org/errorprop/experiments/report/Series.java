package org.errorprop.experiments.report;

/**
 * One named curve: {@code y[i]} at {@code x[i]}. Curves of one {@code group} (one method's several
 * boundaries, say) share a colour in a plot and differ by dash pattern.
 */
public record Series(String name, String group, double[] x, double[] y) {
    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException(name + ": " + x.length + " x values but " + y.length + " y values");
        }
        x = x.clone();
        y = y.clone();
    }

    /** A curve that is its own group. */
    public Series(String name, double[] x, double[] y) {
        this(name, name, x, y);
    }
}
