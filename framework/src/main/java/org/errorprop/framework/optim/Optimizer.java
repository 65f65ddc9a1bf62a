package org.errorprop.framework.optim;

import org.errorprop.framework.state.Stateful;

/**
 * A parameter-update rule bound to its parameters: reads their gradients, changes their values. Its state
 * (moments, velocities, the step count) is {@link Stateful}; the parameters' values are their owners'.
 */
public interface Optimizer extends Stateful {

    /** Applies one update from the gradients currently stored in the parameters. */
    default void step() {
        step(1.0);
    }

    /**
     * Applies one update with the learning rate multiplied by {@code learningRateFactor}, for schedules
     * (warm-up, annealing). A factor of 1 gives exactly {@link #step()}: the factor multiplies the rate, and
     * {@code x · 1.0 = x} in floating point.
     */
    default void step(double learningRateFactor) {
        step(learningRateFactor, 1.0);
    }

    /**
     * Multiplies every stored gradient by {@code gradientScale} (the scaled gradient stays stored) and applies
     * {@link #step(double)} with it, in one pass over each parameter: the same numbers, bit for bit, as scaling in
     * a pass of its own first ({@code g · s} is rounded once either way). The training step passes {@code 1/batch}.
     */
    void step(double learningRateFactor, double gradientScale);
}
