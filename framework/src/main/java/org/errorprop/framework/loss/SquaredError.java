package org.errorprop.framework.loss;

import org.ejml.data.DMatrixRMaj;

/** {@code L_i = ½ ‖p_i − y_i‖²}, so {@code ∂L_i/∂p_i = p_i − y_i} (the paper's MSE, Theorem 1's form). */
public final class SquaredError implements Loss {

    @Override
    public double value(DMatrixRMaj output, DMatrixRMaj target) {
        Loss.requireSameShape(output, target, null);
        double sum = 0;
        int size = output.getNumElements();
        for (int i = 0; i < size; i++) {
            double d = output.data[i] - target.data[i];
            sum += d * d;
        }
        return 0.5 * sum / output.numRows;
    }

    @Override
    public void outputError(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj into) {
        Loss.requireSameShape(output, target, into);
        int size = output.getNumElements();
        for (int i = 0; i < size; i++) {
            into.data[i] = output.data[i] - target.data[i];
        }
    }

    /** The nearest one-hot row for several outputs; a 0.5 threshold for one output. */
    @Override
    public boolean correct(DMatrixRMaj output, DMatrixRMaj target, int row) {
        if (output.numCols == 1) {
            return (output.get(row, 0) > 0.5) == (target.get(row, 0) > 0.5);
        }
        return Loss.argmax(output, row) == Loss.argmax(target, row);
    }
}
