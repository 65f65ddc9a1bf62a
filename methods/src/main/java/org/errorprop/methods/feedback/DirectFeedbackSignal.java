package org.errorprop.methods.feedback;

import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.linalg.Workspaces;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.SignalNeed;

/**
 * The output error projected straight to boundary {@code k}: {@code δ̂_k = (∂L/∂p) Aᵀ} with a fixed
 * {@code A} of shape {@code width_k × outputs} (the map {@code h_k ↦ h_k A} of Table 1). Direct
 * feedback alignment with a random {@code A}; Kickback with {@code A = 1}. Update locked, not backward
 * locked, direct error (Table 1, columns DFA and Kickback).
 */
public final class DirectFeedbackSignal extends FixedFeedbackSignal {
    private final Blas blas;
    private final DMatrixRMaj signal = new DMatrixRMaj(1, 1);

    /** @param feedback {@code A}, {@code width_k × outputs}; kept, not copied, and never changed */
    public DirectFeedbackSignal(DMatrixRMaj feedback, Compute compute) {
        super(feedback, Set.of(SignalNeed.OUTPUT_ERROR));
        this.blas = compute.blas();
    }

    @Override
    public DMatrixRMaj signal(Boundary at) {
        DMatrixRMaj error = at.outputError();
        DMatrixRMaj feedback = feedback();
        if (error.numCols != feedback.numCols) {
            throw new IllegalArgumentException("boundary " + at.index() + ": output error has " + error.numCols
                    + " columns, the feedback matrix " + feedback.numCols);
        }
        Workspaces.fit(signal, error.numRows, feedback.numRows);
        blas.multiplyTransposeB(error, feedback, signal);
        return signal;
    }
}
