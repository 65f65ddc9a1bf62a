package org.errorprop.framework.loss;

import org.ejml.data.DMatrixRMaj;

/**
 * {@code L_i = −Σ_c y_ic log softmax(p_i)_c} on logits {@code p}; {@code ∂L_i/∂p_i = softmax(p_i) − y_i}.
 * Computed with the row maximum subtracted, so large logits do not overflow.
 */
public final class SoftmaxCrossEntropy implements Loss {

    @Override
    public double value(DMatrixRMaj output, DMatrixRMaj target) {
        Loss.requireSameShape(output, target, null);
        int cols = output.numCols;
        double total = 0;
        for (int r = 0; r < output.numRows; r++) {
            int offset = r * cols;
            double logSumExp = logSumExp(output.data, offset, cols);
            for (int c = 0; c < cols; c++) {
                double y = target.data[offset + c];
                if (y != 0) {
                    total -= y * (output.data[offset + c] - logSumExp);
                }
            }
        }
        return total / output.numRows;
    }

    @Override
    public void outputError(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj into) {
        Loss.requireSameShape(output, target, into);
        int cols = output.numCols;
        for (int r = 0; r < output.numRows; r++) {
            int offset = r * cols;
            double logSumExp = logSumExp(output.data, offset, cols);
            double targetMass = 0;
            for (int c = 0; c < cols; c++) {
                targetMass += target.data[offset + c];
            }
            for (int c = 0; c < cols; c++) {
                into.data[offset + c] = targetMass * Math.exp(output.data[offset + c] - logSumExp)
                        - target.data[offset + c];
            }
        }
    }

    @Override
    public boolean correct(DMatrixRMaj output, DMatrixRMaj target, int row) {
        return Loss.argmax(output, row) == Loss.argmax(target, row);
    }

    /** {@code log Σ exp(data[offset + c])} over {@code c < length}, shifted by the maximum so nothing overflows. */
    public static double logSumExp(double[] data, int offset, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < length; c++) {
            max = Math.max(max, data[offset + c]);
        }
        double sum = 0;
        for (int c = 0; c < length; c++) {
            sum += Math.exp(data[offset + c] - max);
        }
        return max + Math.log(sum);
    }
}
