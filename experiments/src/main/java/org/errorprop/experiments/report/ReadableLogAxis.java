package org.errorprop.experiments.report;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTick;
import org.jfree.chart.axis.ValueTick;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.TextAnchor;

/**
 * A logarithmic axis with ticks where a reader expects them: 1, 2, 3, ..., 9 times a power of ten when
 * the range spans at most one decade, 1, 2 and 5 times a power of ten up to four decades, every power of
 * ten beyond that (every second, third, ... one when they would be more than {@link #MAX_DECADE_TICKS}),
 * labelled by {@link ReadableNumbers} ({@code 0.5}, {@code 0.2}, {@code 10⁻¹²}), never {@code 7.9E-1}. A
 * range too narrow to hold two of those gets evenly spaced ticks at multiples of a 1, 2 or 5 step.
 */
final class ReadableLogAxis extends LogAxis {
    private static final int MAX_DECADE_TICKS = 12;
    private static final double[] ALL_DIGITS = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final double[] ONE_TWO_FIVE = {1, 2, 5};
    private static final double[] ONE = {1};

    ReadableLogAxis(String label) {
        super(label);
        setSmallestValue(1e-300);
        setNumberFormatOverride(ReadableNumbers.INSTANCE);
    }

    /** The tick values for the range {@code [lower, upper]} (both positive), increasing. */
    static List<Double> tickValues(double lower, double upper) {
        double decades = Math.log10(upper / lower);
        double[] mantissas = decades <= 1 ? ALL_DIGITS : decades <= 4 ? ONE_TWO_FIVE : ONE;
        int step = decades <= 4 ? 1 : (int) Math.ceil(decades / MAX_DECADE_TICKS);
        int first = (int) Math.floor(Math.log10(lower));
        int last = (int) Math.ceil(Math.log10(upper));
        List<Double> ticks = new ArrayList<>();
        for (int exponent = first; exponent <= last; exponent++) {
            if (Math.floorMod(exponent, step) != 0) {
                continue;
            }
            for (double mantissa : mantissas) {
                // exact decimal values: 2e-3, not 2 * 0.001 = 0.0020000000000000005
                double value = Double.parseDouble(mantissa + "e" + exponent);
                if (value >= lower * (1 - 1e-12) && value <= upper * (1 + 1e-12)) {
                    ticks.add(value);
                }
            }
        }
        return ticks.size() >= 2 ? ticks : evenTicks(lower, upper);
    }

    /** For a range narrower than two neighbouring digits: multiples of a 1-2-5 step, about five of them. */
    private static List<Double> evenTicks(double lower, double upper) {
        double rough = (upper - lower) / 5;
        int exponent = (int) Math.floor(Math.log10(rough));
        double unit = Math.pow(10, exponent);
        double ratio = rough / unit;
        double step = ratio < 1.5 ? 1 : ratio < 3.5 ? 2 : ratio < 7.5 ? 5 : 10;
        List<Double> ticks = new ArrayList<>();
        for (long k = (long) Math.ceil(lower / (step * unit)); k * step * unit <= upper; k++) {
            // k·step as an exact decimal scaled by the power of ten: 0.32, not 0.32000000000000006
            ticks.add(new BigDecimal(k * (long) step).scaleByPowerOfTen(exponent).doubleValue());
        }
        return ticks;
    }

    @Override
    protected List refreshTicksVertical(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor = edge == RectangleEdge.RIGHT ? TextAnchor.CENTER_LEFT : TextAnchor.CENTER_RIGHT;
        return ticks(anchor);
    }

    @Override
    protected List refreshTicksHorizontal(Graphics2D g2, Rectangle2D dataArea, RectangleEdge edge) {
        TextAnchor anchor = edge == RectangleEdge.TOP ? TextAnchor.BOTTOM_CENTER : TextAnchor.TOP_CENTER;
        return ticks(anchor);
    }

    private List<ValueTick> ticks(TextAnchor anchor) {
        double lower = Math.max(getRange().getLowerBound(), getSmallestValue());
        double upper = getRange().getUpperBound();
        List<ValueTick> ticks = new ArrayList<>();
        if (!(upper > lower)) {
            return ticks;
        }
        for (double value : tickValues(lower, upper)) {
            ticks.add(new NumberTick(value, ReadableNumbers.text(value), anchor, anchor, 0.0));
        }
        return ticks;
    }
}
