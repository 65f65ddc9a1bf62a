package org.errorprop.framework.network;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.state.StateWriter;
import org.errorprop.framework.state.Stateful;

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
public interface Layer extends Stateful {

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

    /**
     * The training state: every parameter's value, under the last part of its name ({@code weight}, {@code scale}).
     * A layer with state beyond its parameters (BatchNorm's running statistics) adds it.
     */
    @Override
    default void exportState(StateWriter out) {
        for (Parameter p : parameters()) {
            out.matrix(shortName(p), p.value());
        }
    }

    @Override
    default void importState(StateReader in) {
        for (Parameter p : parameters()) {
            in.matrix(shortName(p), p.value());
        }
    }

    private static String shortName(Parameter p) {
        return p.name().substring(p.name().lastIndexOf('/') + 1);
    }
}
