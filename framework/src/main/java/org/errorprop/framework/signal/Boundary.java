package org.errorprop.framework.signal;

import org.ejml.data.DMatrixRMaj;

/**
 * A read-only view of one hidden boundary {@code k} during one training step, handed by the trainer
 * to the {@link ErrorSignal} placed there. Boundary {@code k} sits between block {@code k} (whose
 * output is {@code h_k}) and block {@code k+1} (whose linear map is {@code g_{k+1} = h_k W_{k+1}}).
 *
 * <p>Every accessor but {@link #index} and {@link #batchSize} requires its {@link SignalNeed} to be
 * declared; otherwise it throws {@link IllegalStateException}. Matrices returned are owned by the
 * trainer: read them, never write them, and do not keep them past the call.
 */
public interface Boundary {

    /** {@code k}, 1-based. */
    int index();

    int batchSize();

    /** {@code h_k}, {@code batch × width_k}. Needs {@link SignalNeed#OWN_ACTIVATION}. */
    DMatrixRMaj activation();

    /** The targets {@code y}, {@code batch × outputs}. Needs {@link SignalNeed#LABEL}. */
    DMatrixRMaj targets();

    /** {@code ∂L_i/∂p_i}, {@code batch × outputs}. Needs {@link SignalNeed#OUTPUT_ERROR}. */
    DMatrixRMaj outputError();

    /**
     * {@code ∂L/∂g_{k+1}} as driven by the signal {@code δ̂_{k+1}} of the layer above (the true one when
     * everything above is backprop), {@code batch × width(g_{k+1})}. Needs {@link SignalNeed#UPSTREAM_SIGNAL}.
     */
    DMatrixRMaj upstreamPreActivationError();

    /** {@code W_{k+1}}, {@code width_k × width(g_{k+1})}. Needs {@link SignalNeed#UPSTREAM_SIGNAL}. */
    DMatrixRMaj upstreamWeights();

    /**
     * {@code (∂L/∂g_{k+1}) Cᵀ} for a carrier {@code C} of {@code W_{k+1}}'s shape: the upstream error
     * carried down by another matrix (feedback alignment). The result is valid until the next call.
     * Needs {@link SignalNeed#UPSTREAM_SIGNAL}.
     */
    DMatrixRMaj upstreamErrorCarriedBy(DMatrixRMaj carrier);

    /**
     * {@code δ̂_{k+1} ∂h_{k+1}/∂h_k = (∂L/∂g_{k+1}) W_{k+1}ᵀ}: the upstream signal pulled back through
     * the true weights. It is backprop's signal, and a synthesizer's target (the true gradient when
     * the layer above is on backprop, the bootstrapped one when it has its own synthesizer).
     * Computed once per step. Needs {@link SignalNeed#UPSTREAM_SIGNAL}.
     */
    DMatrixRMaj upstreamSignalPulledBack();
}
