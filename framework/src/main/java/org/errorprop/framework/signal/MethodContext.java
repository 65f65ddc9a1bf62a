package org.errorprop.framework.signal;

import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.random.RandomStreams;

/**
 * What a {@link Method} may use to create its signals: random streams (a rule draws from
 * {@code "feedback/boundary-k"}-style names below them), the update rule for trainable signal
 * state such as synthesizers, and where the signals compute (the network's {@link Compute}).
 */
public record MethodContext(RandomStreams random, OptimizerSpec signalOptimizer, Compute compute) {
}
