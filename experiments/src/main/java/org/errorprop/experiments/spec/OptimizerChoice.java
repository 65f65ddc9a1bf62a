package org.errorprop.experiments.spec;

import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.optim.Momentum;
import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.optim.Sgd;

/** The parameter-update rules a spec can name. */
public enum OptimizerChoice {
    SGD, MOMENTUM, ADAM;

    /** The rule with its usual defaults (momentum 0.9; Adam's β₁ 0.9, β₂ 0.999, ε 1e-8). */
    public OptimizerSpec with(double learningRate, double l2) {
        return switch (this) {
            case SGD -> new Sgd(learningRate, l2);
            case MOMENTUM -> new Momentum(learningRate, 0.9, l2);
            case ADAM -> new Adam(learningRate, 0.9, 0.999, 1e-8, l2);
        };
    }
}
