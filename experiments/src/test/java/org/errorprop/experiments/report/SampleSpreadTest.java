package org.errorprop.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SampleSpreadTest {

    /** A few values of order 10: each operation rounds by at most one ulp of 10, so 1e-13 leaves ample room. */
    private static final double TOLERANCE = 1e-13;

    @Test
    void theSampleStandardDeviationDividesByNMinusOne() {
        // mean 5, squared deviations sum to 32; the population formula (divisor 8) would give 2 exactly
        assertEquals(Math.sqrt(32.0 / 7), SampleSpread.standardDeviation(new double[] {2, 4, 4, 4, 5, 5, 7, 9}),
                TOLERANCE);
    }

    @Test
    void theMeanOfValues() {
        assertEquals(5.0, SampleSpread.mean(new double[] {2, 4, 4, 4, 5, 5, 7, 9}), TOLERANCE);
    }

    @Test
    void equalValuesHaveNoSpread() {
        assertEquals(0.0, SampleSpread.standardDeviation(new double[] {2.5, 2.5, 2.5}), 0.0);
    }

    @Test
    void oneValueHasNoSampleStandardDeviation() {
        assertThrows(IllegalArgumentException.class, () -> SampleSpread.standardDeviation(new double[] {1.0}));
        assertThrows(IllegalArgumentException.class, () -> SampleSpread.mean(new double[0]));
    }
}
