package org.errorprop.proofs.statements;

import org.ejml.data.DMatrixRMaj;

/**
 * Full-batch logistic regression {@code p = x·w + b} with the mean log loss, for
 * {@link LogLossLinearSgMissesSeparableSolution}: the three ways of training it (backprop, a linear SG fitted
 * exactly at every step, the sigmoid-linear SG fitted by Levenberg–Marquardt at every step) and the
 * measurements. Weights are {@code w ∈ ℝ^{k+1}}, the last entry the bias; inputs are kept feature-major with a
 * row of ones ({@code X̄ ∈ ℝ^{(k+1)×n}}).
 */
final class LogLossTraining {
    /** Columns of the linear SG whose residual falls below this fraction of their norm are dropped. */
    private static final double DROP = 1e-10;
    /** Levenberg–Marquardt iterations per training step of the sigmoid-linear SG (warm-started). */
    static final int FIT_ITERATIONS = 2;

    final int n;
    final int m;
    final double[] xb;
    final double[] y;
    final double eta;

    LogLossTraining(DMatrixRMaj inputs, int[] labels, double eta) {
        this.n = inputs.numRows;
        int k = inputs.numCols;
        this.m = k + 1;
        this.xb = new double[m * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                xb[j * n + i] = inputs.get(i, j);
            }
            xb[k * n + i] = 1;
        }
        this.y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels[i];
        }
        this.eta = eta;
    }

    static double sigmoid(double z) {
        if (z >= 0) {
            return 1 / (1 + StrictMath.exp(-z));
        }
        double e = StrictMath.exp(z);
        return e / (1 + e);
    }

    /** {@code log(1 + e^z)} without overflow. */
    static double softplus(double z) {
        return z > 0 ? z + StrictMath.log1p(StrictMath.exp(-z)) : StrictMath.log1p(StrictMath.exp(z));
    }

    void logits(double[] w, double[] p) {
        java.util.Arrays.fill(p, 0);
        for (int j = 0; j < m; j++) {
            double wj = w[j];
            int row = j * n;
            for (int i = 0; i < n; i++) {
                p[i] += wj * xb[row + i];
            }
        }
    }

    /** Mean log loss {@code (1/n) Σ softplus(p_i) − y_i p_i}. */
    double loss(double[] w) {
        double[] p = new double[n];
        logits(w, p);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += softplus(p[i]) - y[i] * p[i];
        }
        return sum / n;
    }

    /** {@code g = σ(p) − y = ∂(n·L)/∂p}. */
    void trueGradient(double[] p, double[] g) {
        for (int i = 0; i < n; i++) {
            g[i] = sigmoid(p[i]) - y[i];
        }
    }

    /** {@code w ← w − (η/n) X̄ signal}: a step of the mean loss with {@code signal} in place of {@code ∂(nL)/∂p}. */
    void step(double[] w, double[] signal) {
        for (int j = 0; j < m; j++) {
            double sum = 0;
            int row = j * n;
            for (int i = 0; i < n; i++) {
                sum += signal[i] * xb[row + i];
            }
            w[j] -= eta * sum / n;
        }
    }

    /** Training state of one run. */
    enum Mode { BACKPROP, LINEAR_SG, SIGMOID_SG }

    /**
     * The outcome of one run: final weights, the loss at half the budget, the sigmoid-linear SG's parameters
     * {@code (a, d, b', c)} and the relative residual of its last fit (both null / NaN for the other modes).
     */
    record Run(double[] weights, double halfwayLoss, double[] sigmoidSg, double lastFitRelativeError) {
    }

    /**
     * {@code iterations} full-batch steps from {@code w = 0}. The linear SG is, at every step, the least-squares
     * fit of {@code g = σ(p) − y} over {@code span{p, y, 1}} (the best linear SG {@code p·a + y·b' + c}); the
     * sigmoid-linear SG {@code d·σ(a·p) + b'·y + c} starts at {@code (a_0, 0, 0, 0)} (zero output, as the
     * paper's SGs) and is refitted by {@link #FIT_ITERATIONS} Levenberg–Marquardt iterations per step.
     */
    Run train(Mode mode, int iterations, double a0) {
        double[] w = new double[m];
        double[] p = new double[n];
        double[] g = new double[n];
        double[] signal = new double[n];
        SigmoidFit fit = mode == Mode.SIGMOID_SG ? new SigmoidFit(n, a0) : null;
        double halfway = Double.NaN;
        for (int t = 0; t < iterations; t++) {
            if (t == iterations / 2) {
                halfway = loss(w);
            }
            logits(w, p);
            trueGradient(p, g);
            switch (mode) {
                case BACKPROP -> System.arraycopy(g, 0, signal, 0, n);
                case LINEAR_SG -> linearFit(p, g, signal);
                case SIGMOID_SG -> fit.fit(p, y, g, signal, FIT_ITERATIONS);
                default -> throw new IllegalStateException();
            }
            step(w, signal);
        }
        return fit == null
                ? new Run(w, halfway, null, Double.NaN)
                : new Run(w, halfway, fit.theta.clone(), fit.relativeResidual(g));
    }

    /**
     * The orthogonal projection of {@code g} on {@code span{1, y, p}} (modified Gram–Schmidt, twice; a column
     * whose residual is below {@link #DROP} of its norm is dropped), written to {@code out}:
     * {@code out} is the best linear SG output.
     */
    void linearFit(double[] p, double[] g, double[] out) {
        double[][] basis = new double[3][];
        int size = 0;
        for (double[] column : new double[][] {null, y, p}) {
            double[] v = new double[n];
            if (column == null) {
                java.util.Arrays.fill(v, 1);
            } else {
                System.arraycopy(column, 0, v, 0, n);
            }
            double original = Vectors.norm(v);
            if (original == 0) {
                continue;
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int b = 0; b < size; b++) {
                    double c = Vectors.dot(v, basis[b]);
                    for (int i = 0; i < n; i++) {
                        v[i] -= c * basis[b][i];
                    }
                }
            }
            double left = Vectors.norm(v);
            if (left <= DROP * original) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                v[i] /= left;
            }
            basis[size++] = v;
        }
        java.util.Arrays.fill(out, 0);
        for (int b = 0; b < size; b++) {
            double c = Vectors.dot(g, basis[b]);
            for (int i = 0; i < n; i++) {
                out[i] += c * basis[b][i];
            }
        }
    }

    /** {@code ‖g − ĝ‖/‖g‖} for the best linear SG at logits {@code p}: how far any linear SG is from ∂L/∂p. */
    double linearFitRelativeError(double[] w) {
        double[] p = new double[n];
        double[] g = new double[n];
        double[] fitted = new double[n];
        logits(w, p);
        trueGradient(p, g);
        linearFit(p, g, fitted);
        double res = 0;
        for (int i = 0; i < n; i++) {
            res += (g[i] - fitted[i]) * (g[i] - fitted[i]);
        }
        return Math.sqrt(res) / Vectors.norm(g);
    }

    /**
     * The sigmoid-linear SG {@code s_i = d·σ(a·p_i) + b'·y_i + c} (our {@code SigmoidSynthesizer}'s form for one
     * unit), {@code θ = (a, d, b', c)}, fitted to a target by damped Gauss–Newton (Levenberg–Marquardt with
     * Marquardt scaling plus a tiny ridge, because {@code ∂s/∂a = d·σ'(a p)·p} vanishes when {@code d = 0} or
     * {@code p = 0}). The damping carries over between calls, so the fit is warm-started in both θ and λ.
     */
    static final class SigmoidFit {
        final double[] theta;
        private double lambda = 1e-3;
        private final double[] s;
        private final double[] trial;
        private final double[] sTrial;
        private final double[] residual;

        SigmoidFit(int n, double a0) {
            theta = new double[] {a0, 0, 0, 0};
            s = new double[n];
            trial = new double[n];
            sTrial = new double[n];
            residual = new double[n];
        }

        /** Sum of squared residuals of {@code th}; fills the squashed values and the outputs. */
        private static double evaluate(double[] th, double[] p, double[] y, double[] g, double[] squashed,
                                       double[] out) {
            double sse = 0;
            for (int i = 0; i < p.length; i++) {
                double v = sigmoid(th[0] * p[i]);
                squashed[i] = v;
                double o = th[1] * v + th[2] * y[i] + th[3];
                out[i] = o;
                double r = o - g[i];
                sse += r * r;
            }
            return sse;
        }

        /** Refits θ to {@code g} and writes the SG output to {@code out}. */
        void fit(double[] p, double[] y, double[] g, double[] out, int iterations) {
            int n = p.length;
            double sse = evaluate(theta, p, y, g, s, out);
            double[] h = new double[16];
            double[] grad = new double[4];
            double[] candidate = new double[4];
            for (int it = 0; it < iterations; it++) {
                java.util.Arrays.fill(h, 0);
                java.util.Arrays.fill(grad, 0);
                double d = theta[1];
                for (int i = 0; i < n; i++) {
                    double v = s[i];
                    double[] jac = {d * v * (1 - v) * p[i], v, y[i], 1};
                    double r = out[i] - g[i];
                    for (int a = 0; a < 4; a++) {
                        grad[a] += jac[a] * r;
                        for (int b = 0; b < 4; b++) {
                            h[a * 4 + b] += jac[a] * jac[b];
                        }
                    }
                }
                double trace = h[0] + h[5] + h[10] + h[15];
                boolean accepted = false;
                for (int attempt = 0; attempt < 30 && !accepted; attempt++) {
                    double[] system = h.clone();
                    for (int a = 0; a < 4; a++) {
                        system[a * 5] += lambda * (h[a * 5] + 1e-9 * trace);
                    }
                    double[] step = solve4(system, grad);
                    if (step == null) {
                        lambda *= 4;
                        continue;
                    }
                    for (int a = 0; a < 4; a++) {
                        candidate[a] = theta[a] - step[a];
                    }
                    double trialSse = evaluate(candidate, p, y, g, sTrial, trial);
                    if (trialSse <= sse) {
                        System.arraycopy(candidate, 0, theta, 0, 4);
                        System.arraycopy(sTrial, 0, s, 0, n);
                        System.arraycopy(trial, 0, out, 0, n);
                        sse = trialSse;
                        lambda = Math.max(lambda / 3, 1e-12);
                        accepted = true;
                    } else {
                        lambda *= 4;
                    }
                }
                if (!accepted) {
                    break;
                }
            }
            for (int i = 0; i < n; i++) {
                residual[i] = out[i] - g[i];
            }
        }

        /** Relative residual {@code ‖s − g‖/‖g‖} of the last fit. */
        double relativeResidual(double[] g) {
            return Vectors.norm(residual) / Vectors.norm(g);
        }

        /** Solves the 4×4 system by Gaussian elimination with partial pivoting; null if singular. */
        private static double[] solve4(double[] a, double[] b) {
            double[] m = a.clone();
            double[] x = b.clone();
            for (int c = 0; c < 4; c++) {
                int pivot = c;
                for (int r = c + 1; r < 4; r++) {
                    if (Math.abs(m[r * 4 + c]) > Math.abs(m[pivot * 4 + c])) {
                        pivot = r;
                    }
                }
                if (m[pivot * 4 + c] == 0 || !Double.isFinite(m[pivot * 4 + c])) {
                    return null;
                }
                if (pivot != c) {
                    for (int k = 0; k < 4; k++) {
                        double t = m[c * 4 + k];
                        m[c * 4 + k] = m[pivot * 4 + k];
                        m[pivot * 4 + k] = t;
                    }
                    double t = x[c];
                    x[c] = x[pivot];
                    x[pivot] = t;
                }
                for (int r = c + 1; r < 4; r++) {
                    double f = m[r * 4 + c] / m[c * 4 + c];
                    for (int k = c; k < 4; k++) {
                        m[r * 4 + k] -= f * m[c * 4 + k];
                    }
                    x[r] -= f * x[c];
                }
            }
            for (int c = 3; c >= 0; c--) {
                double sum = x[c];
                for (int k = c + 1; k < 4; k++) {
                    sum -= m[c * 4 + k] * x[k];
                }
                x[c] = sum / m[c * 4 + c];
            }
            return x;
        }
    }
}
