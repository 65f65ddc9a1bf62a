package org.errorprop.methods.synthetic;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.SignalNeed;

/** What a synthesizer regresses onto, by where it sits: below a layer, or at the network output. */
public enum SynthesizerTarget {
    /**
     * {@code t = δ̂_{k+1} ∂h_{k+1}/∂h_k} at hidden boundary {@code k}: the true {@code ∂L/∂h_k} when the
     * layers above are on backprop, the bootstrapped one when the layer above has its own synthesizer.
     */
    PULLED_BACK(SignalNeed.UPSTREAM_SIGNAL) {
        @Override
        DMatrixRMaj read(Boundary at) {
            return at.upstreamErrorCarriedBy(at.upstreamWeights());
        }
    },
    /** {@code t = ∂L/∂p} at the output boundary: Theorem 1's synthesizer, trained on the true output gradient. */
    OUTPUT_ERROR(SignalNeed.OUTPUT_ERROR) {
        @Override
        DMatrixRMaj read(Boundary at) {
            return at.outputError();
        }
    };

    private final SignalNeed need;

    SynthesizerTarget(SignalNeed need) {
        this.need = need;
    }

    /** What reading the target needs from the boundary. */
    public SignalNeed need() {
        return need;
    }

    abstract DMatrixRMaj read(Boundary at);
}
