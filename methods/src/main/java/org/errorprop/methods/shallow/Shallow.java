package org.errorprop.methods.shallow;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.SignalNeed;

/**
 * The control: only the output block learns; the hidden blocks keep their random initial weights
 * (their BatchNorm running statistics still follow the data, as in any forward pass). Every hidden
 * signal is zero and reads nothing.
 */
public final class Shallow implements Method {
    public static final String NAME = "shallow";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
        List<ErrorSignal> signals = new ArrayList<>();
        for (int k = 1; k <= shape.boundaries(); k++) {
            int width = shape.boundaryWidth(k);
            signals.add(new ErrorSignal() {
                private final DMatrixRMaj zero = new DMatrixRMaj(1, width);

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
            });
        }
        return signals;
    }

    @Override
    public boolean trainsBlock(int k, NetworkShape shape) {
        return k == shape.blocks();
    }
}
