package org.errorprop.methods.unified;

import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.SignalNeed;

/** The target {@code t} of Table 1's module loss, held constant when differentiating. */
public enum ModuleTarget {
    /** {@code t = δ̂_{k+1} ∂h_{k+1}/∂h_k}: {@code ∂L/∂h} when the layers above are on backprop (SG columns). */
    UPSTREAM_PULLED_BACK(1.0, SignalNeed.UPSTREAM_SIGNAL) {
        @Override
        DMatrixRMaj raw(Boundary at) {
            return at.upstreamErrorCarriedBy(at.upstreamWeights());
        }
    },
    /** {@code t = −∂L/∂h} (Bprop column). */
    NEGATIVE_UPSTREAM_PULLED_BACK(-1.0, SignalNeed.UPSTREAM_SIGNAL) {
        @Override
        DMatrixRMaj raw(Boundary at) {
            return at.upstreamErrorCarriedBy(at.upstreamWeights());
        }
    },
    /** {@code t = −∂L/∂p} (DFA and Kickback columns). */
    NEGATIVE_OUTPUT_ERROR(-1.0, SignalNeed.OUTPUT_ERROR) {
        @Override
        DMatrixRMaj raw(Boundary at) {
            return at.outputError();
        }
    },
    /** {@code t = −∂L/∂g}, {@code g} the next pre-activation (FA column). */
    NEGATIVE_UPSTREAM_PRE_ACTIVATION_ERROR(-1.0, SignalNeed.UPSTREAM_SIGNAL) {
        @Override
        DMatrixRMaj raw(Boundary at) {
            return at.upstreamPreActivationError();
        }
    };

    private final double sign;
    private final SignalNeed need;

    ModuleTarget(double sign, SignalNeed need) {
        this.sign = sign;
        this.need = need;
    }

    abstract DMatrixRMaj raw(Boundary at);

    /** {@code +1} or {@code −1}: the target is {@code sign · raw}. */
    double sign() {
        return sign;
    }

    Set<SignalNeed> needs() {
        return Set.of(need);
    }
}
