package org.errorprop.framework.loss;

import org.ejml.data.DMatrixRMaj;

/**
 * Independent logistic losses per output: {@code L_i = Σ_c [softplus(p_ic) − y_ic p_ic]}, which equals
 * {@code −Σ_c [y log σ(p) + (1−y) log(1−σ(p))]}; {@code ∂L_i/∂p_ic = σ(p_ic) − y_ic}.
 * softplus is evaluated as {@code max(p,0) + log1p(exp(−|p|))}, exact for large {@code |p|}.
 */
public final class SigmoidLogLoss implements Loss {

    @Override
    public double value(DMatrixRMaj output, DMatrixRMaj target) {
        Loss.requireSameShape(output, target, null);
        double total = 0;
        int size = output.getNumElements();
        for (int i = 0; i < size; i++) {
            double p = output.data[i];
            total += Math.max(p, 0) + Math.log1p(Math.exp(-Math.abs(p))) - target.data[i] * p;
        }
        return total / output.numRows;
    }

    @Override
    public void outputError(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj into) {
        Loss.requireSameShape(output, target, into);
        int size = output.getNumElements();
        for (int i = 0; i < size; i++) {
            into.data[i] = org.errorprop.framework.network.Activation.SIGMOID.apply(output.data[i]) - target.data[i];
        }
    }

    /** Threshold at logit 0 for one output; the largest logit for several. */
    @Override
    public boolean correct(DMatrixRMaj output, DMatrixRMaj target, int row) {
        if (output.numCols == 1) {
            return (output.get(row, 0) > 0) == (target.get(row, 0) > 0.5);
        }
        return Loss.argmax(output, row) == Loss.argmax(target, row);
    }
}
