package org.errorprop.methods.backprop;

import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.SignalNeed;

/**
 * {@code δ̂_k = δ̂_{k+1} ∂h_{k+1}/∂h_k = (∂L/∂g_{k+1}) W_{k+1}ᵀ}: the chain rule. When every boundary
 * above also carries this signal, {@code δ̂_k = ∂L/∂h_k} exactly. Update locked and backward locked
 * (Table 1, column Bprop).
 */
public final class BackpropSignal implements ErrorSignal {
    private static final Set<SignalNeed> NEEDS = Set.of(SignalNeed.UPSTREAM_SIGNAL);

    @Override
    public Set<SignalNeed> needs() {
        return NEEDS;
    }

    @Override
    public DMatrixRMaj signal(Boundary at) {
        return at.upstreamErrorCarriedBy(at.upstreamWeights());
    }
}
