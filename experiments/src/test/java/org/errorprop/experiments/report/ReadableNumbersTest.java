package org.errorprop.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.generators.SourceDSL;

/** Axis numbers as plain decimals (at most three significant digits) or powers of ten, never 7.9E-1. */
class ReadableNumbersTest {

    @Test
    void plainDecimalsInTheReadableRange() {
        assertEquals("0.794", ReadableNumbers.text(0.7943282347242815));
        assertEquals("0.0631", ReadableNumbers.text(0.06309573444801933));
        assertEquals("2.51", ReadableNumbers.text(2.51188643150958));
        assertEquals("1", ReadableNumbers.text(1.0));
        assertEquals("0.5", ReadableNumbers.text(0.5));
        assertEquals("20000", ReadableNumbers.text(20_000));
        assertEquals("0.0001", ReadableNumbers.text(1e-4));
        assertEquals("0", ReadableNumbers.text(0.0));
        assertEquals("−0.25", ReadableNumbers.text(-0.25));
    }

    @Test
    void powersOfTenOutsideIt() {
        assertEquals("10⁻¹⁸", ReadableNumbers.text(1e-18));
        assertEquals("10⁷", ReadableNumbers.text(1e7));
        assertEquals("100000", ReadableNumbers.text(1e5));
        assertEquals("2.5×10⁻⁷", ReadableNumbers.text(2.5e-7));
        assertEquals("−3×10⁻⁵", ReadableNumbers.text(-3e-5));
        assertEquals("1.04×10⁶", ReadableNumbers.text(1_036_050));
    }

    @Test
    void roundingUpToTheNextDecadeMovesTheExponent() {
        // 9.996e-6 has three significant digits 1.00e-5, not "10×10⁻⁶"
        assertEquals("10⁻⁵", ReadableNumbers.text(9.996e-6));
        assertEquals("1000", ReadableNumbers.text(999.7));
    }

    private static final Pattern POWER = Pattern.compile("(−?)(?:([0-9.]+)×)?10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+)");

    /** Reads a label back as (mantissa, power of ten): "−2.5×10⁻⁷" → (−2.5, 1e-7), "0.25" → (0.25, 1). */
    private static BigDecimal[] mantissaAndPower(String text) {
        Matcher power = POWER.matcher(text);
        if (!power.matches()) {
            return new BigDecimal[] {new BigDecimal(text.replace('−', '-')), BigDecimal.ONE};
        }
        StringBuilder exponent = new StringBuilder();
        for (char c : power.group(3).toCharArray()) {
            exponent.append(c == '⁻' ? '-' : (char) ('0' + "⁰¹²³⁴⁵⁶⁷⁸⁹".indexOf(c)));
        }
        BigDecimal mantissa = new BigDecimal(power.group(2) == null ? "1" : power.group(2));
        return new BigDecimal[] {power.group(1).isEmpty() ? mantissa : mantissa.negate(),
            BigDecimal.ONE.scaleByPowerOfTen(Integer.parseInt(exponent.toString()))};
    }

    @Test
    void labelsReadBackWithinRoundingToThreeSignificantDigits() {
        QuickTheory.qt().forAll(SourceDSL.doubles().between(-1e30, 1e30)).checkAssert(value -> {
            String text = ReadableNumbers.text(value);
            assertFalse(text.toUpperCase(Locale.ROOT).contains("E"), text);
            BigDecimal[] read = mantissaAndPower(text);
            assertTrue(read[0].stripTrailingZeros().precision() <= 3, value + " → " + text);
            double back = read[0].multiply(read[1]).doubleValue();
            // rounding to 3 significant digits moves a value by at most half a unit of the third digit
            assertTrue(Math.abs(back - value) <= 5e-3 * Math.abs(value), value + " → " + text + " → " + back);
        });
    }
}
