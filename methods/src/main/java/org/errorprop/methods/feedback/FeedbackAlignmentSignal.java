package org.errorprop.methods.feedback;

import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.SignalNeed;

/**
 * Feedback alignment (Lillicrap et al. 2016): {@code δ̂_k = (∂L/∂g_{k+1}) Aᵀ} with a fixed matrix
 * {@code A} of {@code W_{k+1}}'s shape in place of {@code W_{k+1}}; with {@code A = W_{k+1}} it is
 * backprop. Update locked and backward locked, no direct error (Table 1, column FA).
 */
public final class FeedbackAlignmentSignal extends FixedFeedbackSignal {

    /** @param feedback {@code A}, {@code width_k × width(g_{k+1})}; kept, not copied, and never changed */
    public FeedbackAlignmentSignal(DMatrixRMaj feedback) {
        super(feedback, Set.of(SignalNeed.UPSTREAM_SIGNAL));
    }

    @Override
    public DMatrixRMaj signal(Boundary at) {
        return at.upstreamErrorCarriedBy(feedback());
    }
}
