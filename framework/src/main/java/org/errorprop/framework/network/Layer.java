package org.errorprop.framework.network;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * One differentiable map of a batch, rows are examples.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #forward} remembers what {@link #backward} needs (its input or output) and returns a
 *       matrix the layer owns; it stays valid until the next {@code forward} call.</li>
 *   <li>{@link #backward} takes {@code ∂L/∂output} of the last forward pass, overwrites every
 *       parameter's gradient with {@code ∂L/∂θ} and returns {@code ∂L/∂input} in a matrix the layer
 *       owns. It never changes a parameter's value and never modifies its argument.</li>
 *   <li>Workspaces are reused across calls of the same batch size, so the steady state allocates
 *       nothing.</li>
 * </ul>
 */
public interface Layer {

    /** A short name, e.g. {@code "linear"} or {@code "relu"}. */
    String kind();

    int inputWidth();

    int outputWidth();

    DMatrixRMaj forward(DMatrixRMaj input, Mode mode);

    DMatrixRMaj backward(DMatrixRMaj outputGradient);

    /** The trainable parameters, in a fixed order; empty for parameter-free layers. */
    default List<Parameter> parameters() {
        return List.of();
    }
}
