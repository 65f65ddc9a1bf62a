package org.errorprop.methods;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;

/** A method defined boundary by boundary: subclasses say what signal goes at boundary {@code k}. */
public abstract class PerBoundaryMethod implements Method {
    private final String name;

    protected PerBoundaryMethod(String name) {
        this.name = name;
    }

    @Override
    public final String name() {
        return name;
    }

    /** The signal at hidden boundary {@code k} (1-based), created eagerly. */
    protected abstract ErrorSignal signalAt(int k, NetworkShape shape, MethodContext context);

    @Override
    public final List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
        List<ErrorSignal> signals = new ArrayList<>();
        for (int k = 1; k <= shape.boundaries(); k++) {
            signals.add(signalAt(k, shape, context));
        }
        return signals;
    }
}
