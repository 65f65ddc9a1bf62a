package org.errorprop.framework.optim;

import java.util.List;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.Parameter;

/**
 * Immutable hyper-parameters of a parameter-update rule; {@link #attach} creates the rule's state
 * for a list of parameters, eagerly.
 *
 * <p>The optional L2 penalty {@code ½ λ ‖θ‖²} applies to parameters that {@link Parameter#decays()}
 * (weights, not biases or BatchNorm's scale and shift): {@code λ θ} is added to their gradient
 * before the update, as PyTorch's {@code weight_decay} does.
 */
public sealed interface OptimizerSpec permits Sgd, Momentum, Adam {

    double learningRate();

    double l2();

    /** Creates the update state (moments, velocities) for {@code parameters}, updating them on {@code compute}. */
    Optimizer attach(List<Parameter> parameters, Compute compute);

    /** A short description for reports, e.g. {@code "adam(lr=0.001)"}. */
    String describe();

    static void requireValid(double learningRate, double l2) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new InvalidInputException("learning rate must be a positive number, was " + learningRate);
        }
        if (!(l2 >= 0) || !Double.isFinite(l2)) {
            throw new InvalidInputException("L2 penalty must be a non-negative number, was " + l2);
        }
    }
}
