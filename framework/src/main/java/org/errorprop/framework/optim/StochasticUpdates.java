package org.errorprop.framework.optim;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.state.StateNotExportableException;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.state.StateWriter;

/**
 * Jaderberg et al.'s stochastic updates (PAPER.md 5.1: "after each forward pass, a layer is updated with probability
 * p_update"): every group of parameters (a block's) has an optimiser of its own, and after each step each group
 * applies its update with probability {@code p}, drawing from {@code coin} in the groups' order. A group that skips
 * keeps its optimiser's state (moments, step count) as they were, so its next update is the one it would have made.
 * With {@code p = 1} nothing is drawn and every group updates: the numbers are those of one optimiser over all the
 * parameters. Its coin's position is not exported, so a run with {@code p < 1} cannot be checkpointed.
 */
public final class StochasticUpdates implements Optimizer {
    private final List<Optimizer> groups;
    private final double probability;
    private final RandomGenerator coin;
    private long updates;
    private long skips;

    private StochasticUpdates(List<Optimizer> groups, double probability, RandomGenerator coin) {
        this.groups = List.copyOf(groups);
        this.probability = probability;
        this.coin = coin;
    }

    /** One {@code spec} optimiser per group of {@code groups}, each updating with probability {@code p}. */
    public static StochasticUpdates attach(OptimizerSpec spec, List<List<Parameter>> groups, Compute compute,
                                           double probability, RandomGenerator coin) {
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException("an update probability lies in (0, 1], was " + probability);
        }
        List<Optimizer> optimizers = new ArrayList<>();
        for (List<Parameter> group : groups) {
            optimizers.add(spec.attach(group, compute));
        }
        return new StochasticUpdates(optimizers, probability, coin);
    }

    @Override
    public void step(double learningRateFactor, double gradientScale) {
        for (Optimizer group : groups) {
            if (probability >= 1 || coin.nextDouble() < probability) {
                group.step(learningRateFactor, gradientScale);
                updates++;
            } else {
                skips++;
            }
        }
    }

    /** Group updates applied and skipped so far. */
    public long updates() {
        return updates;
    }

    public long skips() {
        return skips;
    }

    @Override
    public void exportState(StateWriter out) {
        throw new StateNotExportableException("stochastic updates (update probability " + probability
                + ") draw from a coin whose position is not saved");
    }

    @Override
    public void importState(StateReader in) {
        throw new StateNotExportableException("stochastic updates (update probability " + probability
                + ") cannot resume a saved state");
    }
}
