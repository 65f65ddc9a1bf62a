package org.errorprop.framework.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.state.StateArrays;
import org.errorprop.framework.testing.Matrices;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link Optimizer#step(double, double)}, which scales the gradients inside the update pass, against scaling them in
 * a pass of their own and then {@link Optimizer#step(double)} (what the training step did before): the same bits in
 * the values, the stored gradients and the rule's state, since {@code g·s} is rounded once either way and every
 * later operation is the same. The control shows the comparison sees a scale one ulp off.
 */
class GradientScaleInTheUpdateTest {
    /** 1/96 is not a power of two, so {@code g·s} really rounds. */
    private static final double SCALE = 1.0 / 96;
    private static final List<OptimizerSpec> RULES = List.of(new Sgd(0.05, 0.003), new Momentum(0.05, 0.9, 0.003),
            new Adam(1e-3, 0.9, 0.999, 1e-8, 0.003));

    @Test
    void scalingInTheUpdateGivesTheBitsOfScalingFirst() {
        try (Compute twoParts = Compute.of(BlasBackend.AUTO, 2)) {
            for (Compute compute : List.of(Compute.sequential(), twoParts)) {
                for (OptimizerSpec rule : RULES) {
                    assertTrue(sameBits(rule, compute, SCALE, SCALE), rule.describe() + " on " + compute.describe());
                }
            }
        }
    }

    @Test
    void theComparisonSeesAScaleOneUlpOff() {
        for (OptimizerSpec rule : RULES) {
            assertFalse(sameBits(rule, Compute.sequential(), SCALE, Math.nextUp(SCALE)), rule.describe());
        }
    }

    /**
     * Twin parameter sets (a decaying weight large enough to be split across parts, a small bias that does not
     * decay), four steps on the same random gradients: one twin's gradients are multiplied by {@code scaleFirst} in a
     * loop of their own before {@code step(f)}, the other's rule gets {@code step(f, scaleInUpdate)}.
     */
    private static boolean sameBits(OptimizerSpec rule, Compute compute, double scaleFirst, double scaleInUpdate) {
        SplittableRandom random = new SplittableRandom(17);
        List<Parameter> first = new ArrayList<>();
        List<Parameter> fused = new ArrayList<>();
        for (Parameter p : List.of(Parameter.zeros("w", 160, 120, true), Parameter.zeros("b", 1, 120, false))) {
            Matrices.fill(p.value(), -1, 1, random);
            first.add(p);
            fused.add(new Parameter(p.name(), p.value().copy(), p.gradient().copy(), p.decays()));
        }
        Optimizer scaledFirst = rule.attach(first, compute);
        Optimizer scaledInUpdate = rule.attach(fused, compute);
        for (int step = 0; step < 4; step++) {
            for (int j = 0; j < first.size(); j++) {
                Matrices.fill(first.get(j).gradient(), -50, 50, random);
                fused.get(j).gradient().setTo(first.get(j).gradient());
                double[] g = first.get(j).gradient().data;
                for (int i = 0; i < g.length; i++) {
                    g[i] *= scaleFirst;
                }
            }
            scaledFirst.step(0.5);
            scaledInUpdate.step(0.5, scaleInUpdate);
            for (int j = 0; j < first.size(); j++) {
                if (!Matrices.identical(first.get(j).value(), fused.get(j).value())
                        || !Matrices.identical(first.get(j).gradient(), fused.get(j).gradient())) {
                    return false;
                }
            }
        }
        StateArrays a = new StateArrays();
        StateArrays b = new StateArrays();
        scaledFirst.exportState(a.writer());
        scaledInUpdate.exportState(b.writer());
        return a.sameBits(b);
    }
}
