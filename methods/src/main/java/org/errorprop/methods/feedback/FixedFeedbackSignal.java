package org.errorprop.methods.feedback;

import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.SignalNeed;

/** A signal that carries an error down through a fixed matrix {@code A}, kept, not copied, and never changed. */
abstract class FixedFeedbackSignal implements ErrorSignal {
    private final DMatrixRMaj feedback;
    private final Set<SignalNeed> needs;

    FixedFeedbackSignal(DMatrixRMaj feedback, Set<SignalNeed> needs) {
        this.feedback = feedback;
        this.needs = Set.copyOf(needs);
    }

    /** {@code A}. */
    public final DMatrixRMaj feedback() {
        return feedback;
    }

    @Override
    public final Set<SignalNeed> needs() {
        return needs;
    }
}
