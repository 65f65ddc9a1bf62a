package org.errorprop.framework.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.MersenneTwister;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.state.StateArrays;
import org.errorprop.framework.state.StateNotExportableException;
import org.junit.jupiter.api.Test;

class StochasticUpdatesTest {
    private static final Compute COMPUTE = Compute.sequential();

    /** Two groups of two parameters with fixed gradients. */
    private static List<List<Parameter>> groups() {
        List<List<Parameter>> groups = new ArrayList<>();
        for (int g = 0; g < 2; g++) {
            List<Parameter> group = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                Parameter parameter = Parameter.zeros("g" + g + "p" + p, 3, 2, true);
                for (int i = 0; i < 6; i++) {
                    parameter.value().data[i] = 0.1 * (i + 1) * (g + 1) - p;
                }
                group.add(parameter);
            }
            groups.add(group);
        }
        return groups;
    }

    private static void setGradients(List<List<Parameter>> groups, int step) {
        for (List<Parameter> group : groups) {
            for (Parameter parameter : group) {
                for (int i = 0; i < 6; i++) {
                    parameter.gradient().data[i] = Math.sin(step + i + parameter.name().hashCode());
                }
            }
        }
    }

    private static double[] values(List<List<Parameter>> groups) {
        return groups.stream().flatMap(List::stream).flatMapToDouble(p -> java.util.Arrays.stream(p.value().data))
                .toArray();
    }

    @Test
    void withProbabilityOneItIsOneOptimiserOverEveryParameterBitForBit() {
        Adam adam = Adam.withLearningRate(0.01);
        List<List<Parameter>> grouped = groups();
        List<List<Parameter>> flat = groups();
        StochasticUpdates stochastic = StochasticUpdates.attach(adam, grouped, COMPUTE, 1.0, new MersenneTwister(1));
        Optimizer plain = adam.attach(flat.stream().flatMap(List::stream).toList(), COMPUTE);
        for (int step = 0; step < 20; step++) {
            setGradients(grouped, step);
            setGradients(flat, step);
            stochastic.step(1.0, 0.5);
            plain.step(1.0, 0.5);
        }
        assertArrayEquals(values(flat), values(grouped));
        assertEquals(40, stochastic.updates());
    }

    @Test
    void aGroupThatSkipsKeepsItsValuesAndTheOthersUpdate() {
        List<List<Parameter>> groups = groups();
        StochasticUpdates stochastic = StochasticUpdates.attach(new Sgd(0.1, 0.0), groups, COMPUTE, 0.5,
                new MersenneTwister(7));
        int skippedBoth = 0;
        for (int step = 0; step < 400; step++) {
            setGradients(groups, step);
            double[] before = values(groups);
            long updatesBefore = stochastic.updates();
            stochastic.step(1.0, 1.0);
            double[] after = values(groups);
            boolean firstMoved = !java.util.Arrays.equals(java.util.Arrays.copyOfRange(before, 0, 12),
                    java.util.Arrays.copyOfRange(after, 0, 12));
            boolean secondMoved = !java.util.Arrays.equals(java.util.Arrays.copyOfRange(before, 12, 24),
                    java.util.Arrays.copyOfRange(after, 12, 24));
            assertEquals(stochastic.updates() - updatesBefore, (firstMoved ? 1 : 0) + (secondMoved ? 1 : 0));
            skippedBoth += firstMoved || secondMoved ? 0 : 1;
        }
        // 800 coin flips at 1/2: the count of updates lies within 5 standard deviations (sqrt(800/4) = 14) of 400
        assertTrue(Math.abs(stochastic.updates() - 400) < 5 * Math.sqrt(800 / 4.0), "updates " + stochastic.updates());
        assertEquals(800, stochastic.updates() + stochastic.skips());
        assertTrue(skippedBoth > 0, "sometimes no group updates at all");
    }

    @Test
    void itsStateCannotBeExportedAndABadProbabilityIsRefused() {
        StochasticUpdates stochastic = StochasticUpdates.attach(new Sgd(0.1, 0.0), groups(), COMPUTE, 0.3,
                new MersenneTwister(1));
        assertThrows(StateNotExportableException.class, () -> stochastic.exportState(new StateArrays().writer()));
        assertThrows(IllegalArgumentException.class,
                () -> StochasticUpdates.attach(new Sgd(0.1, 0.0), groups(), COMPUTE, 0.0, new MersenneTwister(1)));
        assertFalse(Double.isNaN(values(groups())[0]));
    }
}
