package org.errorprop.methods.synthetic;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.state.StateNotExportableException;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.state.StateWriter;
import org.errorprop.framework.state.Stateful;

/**
 * A synthetic-gradient module: a small model of {@code ∂L/∂h} from {@code h} (and the labels
 * {@code y} when conditioned), trained by its own optimiser on {@code L_SG = ‖SG(h, y) − t‖²} per
 * example. Matrices it returns are its own workspaces, valid until its next call.
 *
 * <p>A synthesizer maps a batch to a batch. Without BatchNorm the rows are independent; with it (the
 * MLP form) each row's output depends on the batch's statistics, and {@link #pullBack} and
 * {@link #lossGradientWrtActivation} are products with the Jacobian of the whole batch map.
 *
 * <p>Its training state ({@link Stateful}) is its parameters' values and its optimiser's state.
 */
public interface Synthesizer extends Stateful {

    /** {@code SG(h, y)}, {@code batch × width}; {@code labels} is ignored by unconditioned modules. */
    DMatrixRMaj predict(DMatrixRMaj activation, DMatrixRMaj labels);

    /**
     * One optimiser step on the batch-mean of {@code ‖SG(h, y) − t‖²}, its learning rate multiplied by
     * {@code learningRateFactor} (1 without a schedule); returns that mean before the step.
     */
    double fit(DMatrixRMaj activation, DMatrixRMaj labels, DMatrixRMaj target, double learningRateFactor);

    /**
     * {@code ∂L_SG/∂h} with {@code L_SG = Σ_rows ‖t − SG(h, y)‖²} and {@code t} held constant
     * (SG+prop); row {@code i} is the part that flows into {@code h_i}. Changes no parameter.
     */
    DMatrixRMaj lossGradientWrtActivation(DMatrixRMaj activation, DMatrixRMaj labels, DMatrixRMaj target);

    /**
     * The vector-Jacobian product {@code v ∂SG(h, y)/∂h} of the batch map, for any {@code v} of the
     * output's shape. Changes no parameter.
     */
    DMatrixRMaj pullBack(DMatrixRMaj activation, DMatrixRMaj labels, DMatrixRMaj outputGradient);

    List<Parameter> parameters();

    /** None by default, which only a synthesizer without parameters may claim (else it refuses). */
    @Override
    default void exportState(StateWriter out) {
        requireNoParameters();
    }

    @Override
    default void importState(StateReader in) {
        requireNoParameters();
    }

    private void requireNoParameters() {
        if (!parameters().isEmpty()) {
            throw new StateNotExportableException("the synthesizer " + getClass().getName()
                    + " has parameters but does not export its state");
        }
    }
}
