package org.errorprop.experiments.reproduce.table2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.List;
import org.errorprop.experiments.reproduce.Scale;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.optim.Optimizer;
import org.junit.jupiter.api.Test;

class ScheduledAdamTest {

    private static Parameter parameter() {
        Parameter p = Parameter.zeros("p", 1, 3, false);
        p.value().data[0] = 0.5;
        p.value().data[1] = -1.0;
        p.value().data[2] = 2.0;
        return p;
    }

    /** The gradient of ½‖θ‖² + θ₀·sin(step), varied so the moments matter. */
    private static void gradient(Parameter p, int step) {
        for (int i = 0; i < 3; i++) {
            p.gradient().data[i] = p.value().data[i] + (i == 0 ? Math.sin(step) : 0);
        }
    }

    /** Same formula, same operation order: with a constant rate it reproduces the framework's Adam exactly. */
    @Test
    void constantRateMatchesFrameworkAdamBitForBit() {
        Parameter ours = parameter();
        Parameter theirs = parameter();
        ScheduledAdam scheduled = new ScheduledAdam(List.of(ours));
        Optimizer framework = Adam.withLearningRate(0.01).attach(List.of(theirs));
        for (int t = 0; t < 50; t++) {
            gradient(ours, t);
            gradient(theirs, t);
            scheduled.step(0.01);
            framework.step();
        }
        assertArrayEquals(theirs.value().data, ours.value().data, 0.0);
    }

    /** Breaking the hypothesis (a varying rate): the two then differ. */
    @Test
    void varyingRateDiffers() {
        Parameter ours = parameter();
        Parameter theirs = parameter();
        ScheduledAdam scheduled = new ScheduledAdam(List.of(ours));
        Optimizer framework = Adam.withLearningRate(0.01).attach(List.of(theirs));
        for (int t = 0; t < 50; t++) {
            gradient(ours, t);
            gradient(theirs, t);
            scheduled.step(0.01 * (50 - t) / 50.0);
            framework.step();
        }
        assertNotEquals(theirs.value().data[0], ours.value().data[0]);
    }

    /**
     * The quick schedule on the 100-D sets: 1e-2 for the first half of 3000 steps, then (3000 − t)/1500 of it;
     * 0 is never used. The 2-D sets run 20,000 steps on the same shape.
     */
    @Test
    void quickScheduleByHand() {
        Table2Settings quick = Table2Settings.of(Scale.QUICK);
        assertEquals(3000, quick.stepsFor(100));
        assertEquals(20_000, quick.stepsFor(2));
        assertEquals(1e-2, quick.learningRateAt(0, 3000));
        assertEquals(1e-2, quick.learningRateAt(1500, 3000));
        assertEquals(1e-2 * 1499 / 1500.0, quick.learningRateAt(1501, 3000), 1e-18);
        assertEquals(1e-2 / 1500.0, quick.learningRateAt(2999, 3000), 1e-18);
        assertEquals(1e-2 / 10_000.0, quick.learningRateAt(19_999, 20_000), 1e-18);
        assertEquals(3e-5, Table2Settings.of(Scale.FULL).learningRateAt(199_999, 200_000));
    }
}
