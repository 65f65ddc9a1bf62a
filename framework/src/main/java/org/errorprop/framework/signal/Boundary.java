package org.errorprop.framework.signal;

import org.ejml.data.DMatrixRMaj;

/**
 * A read-only view of one boundary {@code k} during one training step, handed by the trainer to the
 * {@link ErrorSignal} placed there. Hidden boundary {@code k} sits between block {@code k} (whose
 * output is {@code h_k}) and block {@code k+1} (whose linear map is {@code g_{k+1} = h_k W_{k+1}}).
 * The output boundary ({@code k = K}, the number of blocks; see {@link Method#outputSignal}) sits
 * between the last block, whose output is {@code p}, and the loss: there {@link #activation} is
 * {@code p} and nothing is upstream.
 *
 * <p>Every accessor but {@link #index}, {@link #batchSize} and {@link #learningRateFactor} requires
 * its {@link SignalNeed} to be declared; otherwise it throws {@link IllegalStateException}. Matrices
 * returned are owned by the trainer: read them, never write them, and do not keep them past the call.
 */
public interface Boundary {

    /** {@code k}, 1-based; the number of blocks at the output boundary. */
    int index();

    int batchSize();

    /**
     * The factor by which this step's learning rates are scaled (a schedule's warm-up or annealing; 1
     * without one). A rule that learns multiplies its own rate by it, as the network's optimiser does.
     */
    double learningRateFactor();

    /** {@code h_k} ({@code p} at the output), {@code batch × width_k}. Needs {@link SignalNeed#OWN_ACTIVATION}. */
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
     * carried down by {@code C}, as {@code Linear.carryDown} computes it. With {@code C} the very matrix
     * {@link #upstreamWeights} returns it is {@code δ̂_{k+1} ∂h_{k+1}/∂h_k}, the upstream signal pulled back
     * through the true weights: backprop's signal and a synthesizer's target. That product is computed
     * once per step and boundary however often it is asked for; any other carrier (feedback alignment's
     * fixed matrix, sign-symmetric's sign(W)) is multiplied on every call. The result is valid until the
     * next call. Needs {@link SignalNeed#UPSTREAM_SIGNAL}.
     */
    DMatrixRMaj upstreamErrorCarriedBy(DMatrixRMaj carrier);
}
