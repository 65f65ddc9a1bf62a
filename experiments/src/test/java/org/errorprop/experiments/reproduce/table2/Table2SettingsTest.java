package org.errorprop.experiments.reproduce.table2;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.errorprop.experiments.reproduce.Scale;
import org.junit.jupiter.api.Test;

class Table2SettingsTest {

    /**
     * An annealed schedule on 3000 steps over the last half: 1 for the first half, then (3000 − t)/1500; 0 is never
     * used. Exact: each factor is one division.
     */
    @Test
    void annealedScheduleByHand() {
        Table2Settings annealed = new Table2Settings(10, 3000, 20_000, 1e-2, 3e-3, 8, 60, 0.5);
        assertEquals(1.0, annealed.learningRateFactorAt(0, 3000));
        assertEquals(1.0, annealed.learningRateFactorAt(1500, 3000));
        assertEquals(1499 / 1500.0, annealed.learningRateFactorAt(1501, 3000));
        assertEquals(1 / 1500.0, annealed.learningRateFactorAt(2999, 3000));
        assertEquals(1 / 10_000.0, annealed.learningRateFactorAt(19_999, 20_000));
        assertEquals(1e-2, annealed.learningRateAt(0, 3000, 100));
        assertEquals(3e-3, annealed.learningRateAt(0, 20_000, 2));
    }

    /**
     * Quick and full move Adam the same distance, rate x steps: 6 on the 2-D sets (the paper's 3e-5 over full's
     * 200,000 steps), 30 on the 100-D sets, constant for the first half and annealed over the second, so the gap at step t
     * <= half is the gap of a t-step budget; full has 10x quick's steps at a tenth of the rate. Tolerance: one rounding of the product.
     */
    @Test
    void quickAndFullMoveAdamTheSameDistanceAndAnnealTheSecondHalf() {
        for (Scale scale : new Scale[] {Scale.QUICK, Scale.FULL}) {
            Table2Settings settings = Table2Settings.of(scale);
            for (int k : new int[] {2, 100}) {
                int steps = settings.stepsFor(k);
                assertEquals(k == 2 ? 6.0 : 30.0, settings.learningRateFor(k) * steps, 1e-12, scale + " k=" + k);
                assertEquals(settings.learningRateFor(k), settings.learningRateAt(steps / 2, steps, k), scale + " k=" + k);
                assertEquals(settings.learningRateFor(k) / (steps / 2), settings.learningRateAt(steps - 1, steps, k),
                        1e-15, scale + " k=" + k);
            }
        }
        Table2Settings quick = Table2Settings.of(Scale.QUICK);
        Table2Settings full = Table2Settings.of(Scale.FULL);
        assertEquals(3e-5, full.learningRateFor(2));
        assertEquals(200_000, full.stepsFor(2));
        for (int k : new int[] {2, 100}) {
            assertEquals(10 * quick.stepsFor(k), full.stepsFor(k));
        }
    }
}
