package org.errorprop.experiments.reproduce.representations;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.loss.SoftmaxCrossEntropy;

/**
 * The classifier probe's objective over parameters {@code θ = (W, b)} ({@code W} row-major
 * {@code d × K}, then {@code b}): {@code f = (1/n) Σᵢ −Σₖ yᵢₖ log softmax(xᵢ W + b)ₖ + (λ/2) ‖W‖²}, with
 * gradient {@code ∂f/∂W = Xᵀ(P − Y)/n + λ W} and {@code ∂f/∂b = 1ᵀ(P − Y)/n}, {@code P} the softmax
 * probabilities.
 */
final class SoftmaxRegression implements LimitedMemoryBfgs.Objective {
    private final DMatrixRMaj features;
    private final DMatrixRMaj targets;
    private final double l2;
    private final Blas blas;
    private final DMatrixRMaj weights;
    private final DMatrixRMaj logits;
    private final DMatrixRMaj weightGradient;

    SoftmaxRegression(DMatrixRMaj features, DMatrixRMaj targets, double l2, Blas blas) {
        if (features.numRows != targets.numRows || features.numRows == 0) {
            throw new IllegalArgumentException(features.numRows + " examples for " + targets.numRows + " targets");
        }
        this.features = features;
        this.targets = targets;
        this.l2 = l2;
        this.blas = blas;
        this.weights = new DMatrixRMaj(features.numCols, targets.numCols);
        this.logits = new DMatrixRMaj(features.numRows, targets.numCols);
        this.weightGradient = new DMatrixRMaj(features.numCols, targets.numCols);
    }

    int parameters() {
        return (features.numCols + 1) * targets.numCols;
    }

    @Override
    public double valueAndGradient(double[] theta, double[] gradient) {
        int n = features.numRows;
        int k = targets.numCols;
        int w = weights.getNumElements();
        computeLogits(theta);
        double loss = 0;
        double[] z = logits.data;
        double[] y = targets.data;
        for (int c = 0; c < k; c++) {
            gradient[w + c] = 0;
        }
        for (int r = 0; r < n; r++) {
            int row = r * k;
            double logSum = SoftmaxCrossEntropy.logSumExp(z, row, k);
            for (int c = 0; c < k; c++) {
                double target = y[row + c];
                if (target != 0) {
                    loss -= target * (z[row + c] - logSum);
                }
                // z now holds (P − Y)/n, the gradient with respect to the logits
                z[row + c] = (Math.exp(z[row + c] - logSum) - target) / n;
                gradient[w + c] += z[row + c];
            }
        }
        blas.multiplyTransposeA(features, logits, weightGradient);
        double penalty = 0;
        for (int i = 0; i < w; i++) {
            penalty += theta[i] * theta[i];
            gradient[i] = weightGradient.data[i] + l2 * theta[i];
        }
        return loss / n + l2 / 2 * penalty;
    }

    /** The fraction of examples whose largest logit under {@code theta} is at their target's largest entry. */
    double accuracy(double[] theta) {
        computeLogits(theta);
        int n = features.numRows;
        int k = targets.numCols;
        int correct = 0;
        for (int r = 0; r < n; r++) {
            if (argmax(logits.data, r * k, k) == argmax(targets.data, r * k, k)) {
                correct++;
            }
        }
        return (double) correct / n;
    }

    private void computeLogits(double[] theta) {
        int w = weights.getNumElements();
        System.arraycopy(theta, 0, weights.data, 0, w);
        blas.multiply(features, weights, logits);
        int k = targets.numCols;
        for (int r = 0, n = features.numRows; r < n; r++) {
            for (int c = 0; c < k; c++) {
                logits.data[r * k + c] += theta[w + c];
            }
        }
    }

    private static int argmax(double[] values, int from, int length) {
        int best = 0;
        for (int c = 1; c < length; c++) {
            if (values[from + c] > values[from + best]) {
                best = c;
            }
        }
        return best;
    }
}
