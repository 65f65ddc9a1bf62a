package org.errorprop.framework.loss;

import org.ejml.data.DMatrixRMaj;

/**
 * A loss on the network output {@code p} ({@code batch × outputs}) against targets of the same shape.
 *
 * <p>Convention: {@link #value} is the mean over the batch of the per-example losses {@code L_i};
 * {@link #outputError} is per example, row {@code i} holding {@code ∂L_i/∂p_i}, not divided by the
 * batch size. Error signals are therefore per example, as the paper's {@code SG(h_i, y_i)} is, and
 * the trainer divides parameter gradients by the batch size once.
 */
public interface Loss {

    /** Mean over rows of the per-example loss. */
    double value(DMatrixRMaj output, DMatrixRMaj target);

    /** Writes {@code ∂L_i/∂p_i} for every row into {@code into} (same shape as {@code output}). */
    void outputError(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj into);

    /** Whether row {@code row} of {@code output} predicts the class of {@code target}'s row. */
    boolean correct(DMatrixRMaj output, DMatrixRMaj target, int row);

    /** Throws {@link IllegalArgumentException} when shapes disagree. */
    static void requireSameShape(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj into) {
        if (output.numRows != target.numRows || output.numCols != target.numCols
                || (into != null && (into.numRows != output.numRows || into.numCols != output.numCols))) {
            throw new IllegalArgumentException("loss: output " + output.numRows + "x" + output.numCols + ", target "
                    + target.numRows + "x" + target.numCols);
        }
    }

    /** Index of the largest entry of a row; the first on ties. */
    static int argmax(DMatrixRMaj m, int row) {
        int offset = row * m.numCols;
        int best = 0;
        for (int c = 1; c < m.numCols; c++) {
            if (m.data[offset + c] > m.data[offset + best]) {
                best = c;
            }
        }
        return best;
    }
}
