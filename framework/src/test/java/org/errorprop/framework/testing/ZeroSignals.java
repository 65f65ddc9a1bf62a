package org.errorprop.framework.testing;

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

/** A test rule: a zero signal at every hidden boundary (only the output block learns); it needs nothing. */
public final class ZeroSignals implements Method {
    @Override
    public String name() {
        return "test-zero";
    }

    @Override
    public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
        List<ErrorSignal> signals = new ArrayList<>();
        for (int k = 1; k <= shape.boundaries(); k++) {
            int width = shape.boundaryWidth(k);
            signals.add(new ErrorSignal() {
                private final DMatrixRMaj zeros = new DMatrixRMaj(1, 1);

                @Override
                public Set<SignalNeed> needs() {
                    return Set.of();
                }

                @Override
                public DMatrixRMaj signal(Boundary at) {
                    zeros.reshape(at.batchSize(), width);
                    zeros.zero();
                    return zeros;
                }
            });
        }
        return signals;
    }
}
