package org.errorprop.framework.signal;

import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.random.RandomStreams;

/**
 * What a {@link Method} may use to create its signals: random streams (a rule draws from
 * {@code "feedback/boundary-k"}-style names below them) and the update rule for trainable signal
 * state such as synthesizers.
 */
public record MethodContext(RandomStreams random, OptimizerSpec signalOptimizer) {
}
