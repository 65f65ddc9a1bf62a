package org.errorprop.framework.optim;

/** A parameter-update rule bound to its parameters: reads their gradients, changes their values. */
public interface Optimizer {

    /** Applies one update from the gradients currently stored in the parameters. */
    void step();
}
