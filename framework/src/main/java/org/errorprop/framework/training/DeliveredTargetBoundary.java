package org.errorprop.framework.training;

import java.util.EnumSet;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.SignalNeed;

/**
 * The {@link Boundary} a cut's synthesizer learns through in the pipelined schedule: the activation and labels of a
 * batch this stage sent up earlier, and the target the stage above computed for it when it ran that batch
 * ({@code ∂L/∂g_{k+1} W_{k+1}ᵀ} with the weights it had then). The stage above's weights live on another thread, so
 * the only upstream quantity handed out is that pulled-back target: {@link #upstreamWeights()} returns a marker
 * whose only use is to ask {@link #upstreamErrorCarriedBy} for the target.
 */
final class DeliveredTargetBoundary implements Boundary {
    private final GrantedNeeds granted = new GrantedNeeds();
    private final DMatrixRMaj marker = new DMatrixRMaj(0, 0);
    private int index;
    private DMatrixRMaj activation;
    private DMatrixRMaj targets;
    private DMatrixRMaj pulledBack;

    void pointAt(int k, DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj target, EnumSet<SignalNeed> needs) {
        this.index = k;
        this.activation = h;
        this.targets = y;
        this.pulledBack = target;
        granted.grant(needs);
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public int batchSize() {
        return activation.numRows;
    }

    @Override
    public double learningRateFactor() {
        return 1.0;
    }

    @Override
    public DMatrixRMaj activation() {
        require(SignalNeed.OWN_ACTIVATION);
        return activation;
    }

    @Override
    public DMatrixRMaj targets() {
        require(SignalNeed.LABEL);
        return targets;
    }

    @Override
    public DMatrixRMaj outputError() {
        throw new IllegalStateException("boundary " + index + " is a stage cut: the output error stays in the top stage");
    }

    @Override
    public DMatrixRMaj upstreamPreActivationError() {
        throw new IllegalStateException("boundary " + index + " is a stage cut: only the pulled-back target crosses it");
    }

    @Override
    public DMatrixRMaj upstreamWeights() {
        require(SignalNeed.UPSTREAM_SIGNAL);
        return marker;
    }

    @Override
    public DMatrixRMaj upstreamErrorCarriedBy(DMatrixRMaj carrier) {
        require(SignalNeed.UPSTREAM_SIGNAL);
        if (carrier != marker) {
            throw new IllegalStateException("boundary " + index + " is a stage cut: the upstream error is delivered "
                    + "pulled back through the stage above's weights, not through another carrier");
        }
        return pulledBack;
    }

    private void require(SignalNeed need) {
        granted.require(index, need);
    }
}
