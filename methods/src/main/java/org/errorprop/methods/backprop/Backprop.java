package org.errorprop.methods.backprop;

import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.methods.MethodProvider;
import org.errorprop.methods.PerBoundaryMethod;
import org.errorprop.methods.options.NoOptions;
import org.errorprop.methods.options.OptionsDescriptor;

/** Backpropagation: the chain rule at every boundary. */
public final class Backprop extends PerBoundaryMethod {
    public static final String NAME = "backprop";

    public Backprop() {
        super(NAME);
    }

    /** Announces {@value #NAME} to the catalog (listed in META-INF/services); it takes no options. */
    public static final class Provider extends MethodProvider.Of<NoOptions> {
        public Provider() {
            super(NAME, OptionsDescriptor.none(), options -> new Backprop());
        }

        /** No matrices of its own: a workspace of a batch per boundary. */
        @Override
        public long stateDoubles(NoOptions options, NetworkShape shape, int rows, int copiesPerParameter) {
            long doubles = (long) rows * shape.outputWidth();
            for (int k = 1; k <= shape.boundaries(); k++) {
                doubles += 2L * rows * shape.boundaryWidth(k);
            }
            return doubles;
        }
    }

    @Override
    protected ErrorSignal signalAt(int k, NetworkShape shape, MethodContext context) {
        return new BackpropSignal();
    }
}
