package org.errorprop.experiments.reproduce.representations;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.linalg.Blas;

/**
 * A linear classifier probe (Alain and Bengio 2016) on one layer's activations: multinomial logistic
 * (softmax) regression with a small L2 penalty on the weights, trained full batch to convergence with
 * {@link LimitedMemoryBfgs}, the network under study untouched (the features are fixed copies). Its
 * training accuracy answers "are the classes linearly separable at this layer?".
 *
 * <p>The objective is {@code (1/n) Σ CE(softmax(x W + b), y) + (λ/2) ‖W‖²_F} (the bias unpenalised),
 * strongly convex with modulus at least {@code λ} in {@code W}, so it has one minimiser and the
 * solver starts from zero weights: the fit needs no random numbers. Stopping at {@code ‖∇‖₂ ≤ ε}
 * bounds the distance of the penalised loss from its minimum by {@code ε² / (2λ)} (strong convexity).
 *
 * <p>The features are standardised per unit first (mean 0, variance 1 over the probe's examples; a
 * constant unit becomes 0), so that one {@code λ} means the same at every layer.
 */
public final class LinearClassifierProbe {
    private final double l2;
    private final LimitedMemoryBfgs solver;
    private final Blas blas;

    /**
     * @param l2                {@code λ}, the penalty on the weights
     * @param gradientTolerance {@code ε}: converged once the gradient's Euclidean norm is at most this
     * @param maxIterations     the solver's cap; a probe stopped by it reports {@code converged = false}
     */
    public LinearClassifierProbe(double l2, double gradientTolerance, int maxIterations, Blas blas) {
        if (!(l2 > 0)) {
            throw new IllegalArgumentException("the probe needs a positive L2 penalty (a unique optimum), got " + l2);
        }
        this.l2 = l2;
        this.solver = new LimitedMemoryBfgs(10, gradientTolerance, maxIterations);
        this.blas = blas;
    }

    /**
     * How a fitted probe did.
     *
     * @param trainAccuracy fraction of the probe's examples whose largest logit is their label's
     * @param loss          the penalised objective at the end
     * @param gradientNorm  its gradient's Euclidean norm at the end
     * @param iterations    L-BFGS steps taken
     * @param converged     whether {@code gradientNorm} reached the tolerance
     */
    public record Fit(double trainAccuracy, double loss, double gradientNorm, int iterations, boolean converged)
            implements java.io.Serializable {
    }

    /** Fits the probe on {@code features} ({@code n × d}) labelled by {@code oneHot} ({@code n × classes}). */
    public Fit fit(DMatrixRMaj features, DMatrixRMaj oneHot) {
        if (features.numRows != oneHot.numRows) {
            throw new IllegalArgumentException(features.numRows + " feature rows for " + oneHot.numRows + " labels");
        }
        SoftmaxRegression objective = new SoftmaxRegression(standardised(features), oneHot, l2, blas);
        LimitedMemoryBfgs.Result result = solver.minimise(objective, new double[objective.parameters()]);
        return new Fit(objective.accuracy(result.x()), result.value(), result.gradientNorm(), result.iterations(),
                result.converged());
    }

    /** Each column shifted to mean 0 and scaled to variance 1; a constant column becomes 0. */
    static DMatrixRMaj standardised(DMatrixRMaj features) {
        int n = features.numRows;
        int d = features.numCols;
        DMatrixRMaj out = new DMatrixRMaj(n, d);
        for (int c = 0; c < d; c++) {
            double mean = 0;
            for (int r = 0; r < n; r++) {
                mean += features.unsafe_get(r, c);
            }
            mean /= n;
            double variance = 0;
            for (int r = 0; r < n; r++) {
                double v = features.unsafe_get(r, c) - mean;
                variance += v * v;
            }
            double std = Math.sqrt(variance / n);
            for (int r = 0; r < n; r++) {
                out.unsafe_set(r, c, std > 0 ? (features.unsafe_get(r, c) - mean) / std : 0.0);
            }
        }
        return out;
    }
}
