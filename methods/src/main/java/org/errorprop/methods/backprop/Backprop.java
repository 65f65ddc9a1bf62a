package org.errorprop.methods.backprop;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;

/** Backpropagation: the chain rule at every boundary. */
public final class Backprop implements Method {
    public static final String NAME = "backprop";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
        List<ErrorSignal> signals = new ArrayList<>();
        for (int k = 1; k <= shape.boundaries(); k++) {
            signals.add(new BackpropSignal());
        }
        return signals;
    }
}
