package org.errorprop.methods.backprop;

import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.methods.PerBoundaryMethod;

/** Backpropagation: the chain rule at every boundary. */
public final class Backprop extends PerBoundaryMethod {
    public static final String NAME = "backprop";

    public Backprop() {
        super(NAME);
    }

    @Override
    protected ErrorSignal signalAt(int k, NetworkShape shape, MethodContext context) {
        return new BackpropSignal();
    }
}
