package org.errorprop.experiments.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;

/**
 * Numbers as a reader writes them on an axis: plain decimals with at most three significant digits
 * ({@code 0.79}, {@code 0.063}, {@code 2.5}, {@code 20000}) between 1e-4 and 1e6, and a power of ten
 * outside ({@code 10⁻¹⁸}, {@code 2.5×10⁻⁷}), never computer notation such as {@code 7.9E-1}. Independent
 * of the JVM's locale, like every number errorprop writes.
 */
final class ReadableNumbers extends NumberFormat {
    private static final double SMALLEST_PLAIN = 1e-4;
    private static final double LARGEST_PLAIN = 1e6;
    private static final MathContext SIGNIFICANT = new MathContext(3);
    private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    static final ReadableNumbers INSTANCE = new ReadableNumbers();

    /** {@code value} with at most three significant digits, in plain or power-of-ten form. */
    static String text(double value) {
        if (!Double.isFinite(value)) {
            return Double.isNaN(value) ? "NaN" : value > 0 ? "∞" : "−∞";
        }
        if (value == 0) {
            return "0";
        }
        BigDecimal rounded = new BigDecimal(value).round(SIGNIFICANT).stripTrailingZeros();
        double magnitude = Math.abs(rounded.doubleValue());
        String sign = rounded.signum() < 0 ? "−" : "";
        if (magnitude >= SMALLEST_PLAIN && magnitude < LARGEST_PLAIN) {
            return sign + rounded.abs().toPlainString();
        }
        int exponent = rounded.precision() - rounded.scale() - 1;
        BigDecimal mantissa = rounded.abs().movePointLeft(exponent).stripTrailingZeros();
        String power = "10" + superscript(exponent);
        return sign + (mantissa.compareTo(BigDecimal.ONE) == 0 ? power : mantissa.toPlainString() + "×" + power);
    }

    private static String superscript(int exponent) {
        StringBuilder out = new StringBuilder(exponent < 0 ? "⁻" : "");
        for (char digit : Integer.toString(Math.abs(exponent)).toCharArray()) {
            out.append(SUPERSCRIPTS.charAt(digit - '0'));
        }
        return out.toString();
    }

    @Override
    public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
        return toAppendTo.append(text(number));
    }

    @Override
    public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
        return toAppendTo.append(text(number));
    }

    /** Axis labels are written, never read back. */
    @Override
    public Number parse(String source, ParsePosition parsePosition) {
        throw new UnsupportedOperationException("axis labels are not parsed");
    }
}
