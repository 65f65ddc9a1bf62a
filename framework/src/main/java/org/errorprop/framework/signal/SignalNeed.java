package org.errorprop.framework.signal;

/**
 * What an {@link ErrorSignal} may read from a {@link Boundary}. The trainer computes only what some
 * signal declared, and a boundary refuses to hand out anything that was not declared.
 */
public enum SignalNeed {
    /** {@code h_k}, the boundary's own activation ({@code p} at the output boundary). */
    OWN_ACTIVATION,
    /** The targets {@code y} (one-hot labels for classification). */
    LABEL,
    /**
     * The signal of the layer above: {@code ∂L/∂g_{k+1}} as driven by {@code δ̂_{k+1}}, layer
     * {@code k+1}'s weights, and the pull-back {@code δ̂_{k+1} ∂h_{k+1}/∂h_k}. Waiting for it is what
     * makes a rule backward locked. Not available at the output boundary, where nothing is above.
     */
    UPSTREAM_SIGNAL,
    /** {@code ∂L/∂p}, the error at the network output: it needs the whole forward pass and the loss. */
    OUTPUT_ERROR
}
