package org.errorprop.methods.shallow;

import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.methods.MethodProvider;
import org.errorprop.methods.PerBoundaryMethod;
import org.errorprop.methods.options.NoOptions;
import org.errorprop.methods.options.OptionsDescriptor;

/**
 * The control: only the output block learns; the hidden blocks keep their random initial weights
 * (their BatchNorm running statistics still follow the data, as in any forward pass). Every hidden
 * signal is zero and reads nothing.
 */
public final class Shallow extends PerBoundaryMethod {
    public static final String NAME = "shallow";

    public Shallow() {
        super(NAME);
    }

    /** Announces {@value #NAME} to the catalog (listed in META-INF/services); it takes no options. */
    public static final class Provider extends MethodProvider.Of<NoOptions> {
        public Provider() {
            super(NAME, OptionsDescriptor.none(), options -> new Shallow());
        }
    }

    @Override
    protected ErrorSignal signalAt(int k, NetworkShape shape, MethodContext context) {
        int width = shape.boundaryWidth(k);
        DMatrixRMaj zero = new DMatrixRMaj(1, width);
        return new ErrorSignal() {
            @Override
            public Set<SignalNeed> needs() {
                return Set.of();
            }

            @Override
            public DMatrixRMaj signal(Boundary at) {
                zero.reshape(at.batchSize(), width, false);
                java.util.Arrays.fill(zero.data, 0, zero.getNumElements(), 0.0);
                return zero;
            }
        };
    }

    @Override
    public boolean trainsBlock(int k, NetworkShape shape) {
        return k == shape.blocks();
    }
}
