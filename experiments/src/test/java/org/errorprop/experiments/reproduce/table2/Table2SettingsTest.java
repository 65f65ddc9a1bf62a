package org.errorprop.experiments.reproduce.table2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.errorprop.experiments.reproduce.Scale;
import org.junit.jupiter.api.Test;

class Table2SettingsTest {

    /**
     * The quick schedule on the 100-D sets: 1e-2 for the first half of 3000 steps, then (3000 − t)/1500 of it;
     * 0 is never used. The 2-D sets run 20,000 steps on the same shape. Exact: each factor is one division.
     */
    @Test
    void quickScheduleByHand() {
        Table2Settings quick = Table2Settings.of(Scale.QUICK);
        assertEquals(3000, quick.stepsFor(100));
        assertEquals(20_000, quick.stepsFor(2));
        assertEquals(1.0, quick.learningRateFactorAt(0, 3000));
        assertEquals(1.0, quick.learningRateFactorAt(1500, 3000));
        assertEquals(1499 / 1500.0, quick.learningRateFactorAt(1501, 3000));
        assertEquals(1 / 1500.0, quick.learningRateFactorAt(2999, 3000));
        assertEquals(1 / 10_000.0, quick.learningRateFactorAt(19_999, 20_000));
        assertEquals(1e-2, quick.learningRateAt(0, 3000, 100));
        assertEquals(3e-3, quick.learningRateAt(0, 20_000, 2));
    }

    @Test
    void fullScaleKeepsThePapersConstantRate() {
        Table2Settings full = Table2Settings.of(Scale.FULL);
        assertEquals(3e-5, full.learningRateAt(0, 200_000, 2));
        assertEquals(3e-5, full.learningRateAt(199_999, 200_000, 100));
    }
}
