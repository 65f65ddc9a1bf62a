package org.errorprop.proofs.statements;

import org.apache.commons.math3.random.RandomGenerator;
import org.errorprop.framework.random.RandomStreams;

/**
 * The data of one {@link LinearRegressionReachesGlobalOptimum} recipe: {@code X̄ ∈ ℝ^{(d+1)×S}} (features
 * in rows, the last row all ones), labels {@code y ∈ ℝ^S} and the starting weights {@code W_0 ∈ ℝ^{d+1}}.
 *
 * <p>Construction, every number from a named stream of the recipe's seed:
 * <ul>
 *   <li>{@code Xᵀ = Q·diag(σ)·Vᵀ}: {@code Q ∈ ℝ^{S×d}} has orthonormal columns orthogonal to {@code 1}
 *       (Gram–Schmidt, twice, of Gaussian columns, stream {@value #FEATURES}); {@code V} is a random
 *       orthogonal {@code d×d} matrix (stream {@value #ROTATION}); {@code σ_j = √S·κ^{−(j+1)/d}}. The
 *       columns of {@code X̄ᵀ} are then the orthogonal {@code Q Σ Vᵀ} block and {@code 1} (norm {@code √S}),
 *       so the singular values of {@code X̄} are {@code √S} and the {@code σ_j}: {@code cond(X̄) = κ} exactly
 *       (in exact arithmetic; the check recomputes them by SVD). This is whitened data whose features are
 *       rescaled (the conditioning knob) and mixed by {@code V}.</li>
 *   <li>Labels {@code y = X̄ᵀ w_true + r}: the feature part of {@code w_true} Gaussian, scaled so the centred
 *       prediction has norm {@code √S} (unit signal per sample), the intercept {@code µ ~ U[−1, 1]} (stream
 *       {@value #TARGET}); {@code r} a Gaussian vector projected onto the orthogonal complement of the row
 *       space of {@code X̄} and scaled to norm {@code ρ√S} (stream {@value #RESIDUAL}). So {@code e^⊥ = r} is
 *       the irreducible least-squares residual, of a size the recipe fixes. Why these sizes: at the solution
 *       {@code A* = [p*ᵀ | −yᵀ | 1ᵀ] = √S·[e₁ e₂ e₃]·M} with orthonormal {@code e₁ = 1/√S},
 *       {@code e₂} the centred {@code p*} divided by {@code √S}, {@code e₃ = r/‖r‖} and {@code M = [[µ, −µ, 1], [1, −1, 0], [0, −ρ, 0]]},
 *       so {@code cond(A*ᵀA*)} depends on {@code µ} and {@code ρ} only: at most 40.3 for {@code |µ| ≤ 1},
 *       {@code ρ ≥ 0.5} (46 at {@code µ = 0, ρ = 0.3}; 1 120 at {@code ρ = 0.6, |µ| ≈ 3.5}). The line search
 *       then settles at {@code h ≥ 4κ/(1 + κ)²} (Kantorovich), and through the proof's condition
 *       {@code µ_k < h_k/(2‖B‖)} this reduction sets the convergence rate of {@code W}: a small residual
 *       ({@code p ≈ y}) or a large intercept make the proof's step, and the run, arbitrarily slow.</li>
 *   <li>{@code W_0} Gaussian (stream {@value #START}); its feature part is negated if its centred prediction
 *       points away from the solution's. {@code A_k} is singular exactly when {@code p_k ∝ 1} (the feature
 *       part of {@code W_k} vanishes), where the line-search reduction {@code h_k} and with it the proof's
 *       {@code µ_k < h_k/(2‖B‖)} go to 0: a trajectory crossing that set (typical for {@code d = 1} from a
 *       start on the wrong side) still converges in exact arithmetic but can stall for longer than any
 *       finite budget.</li>
 * </ul>
 */
record LinearRegressionProblem(int features, int samples, double[] xBar, double[] y, double[] start) {
    // xBar is row-major (d+1)×S: entry (j, i) = xBar[j·S + i] is feature j (the bias row for j = d) of sample i.
    static final String FEATURES = "theorem-1/features";
    static final String ROTATION = "theorem-1/rotation";
    static final String TARGET = "theorem-1/target";
    static final String RESIDUAL = "theorem-1/residual";
    static final String START = "theorem-1/start";

    static LinearRegressionProblem build(long seed, int d, int s, double conditioning, double residualRatio) {
        RandomStreams streams = new RandomStreams(seed);
        double[][] q = orthonormalColumns(s, d, streams.stream(FEATURES));
        double[][] v = orthonormalColumns(d, d, null, streams.stream(ROTATION));
        double[] sigma = new double[d];
        for (int j = 0; j < d; j++) {
            sigma[j] = Math.sqrt(s) * StrictMath.pow(conditioning, -(j + 1.0) / d);
        }
        double[] xBar = new double[(d + 1) * s];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < s; i++) {
                double sum = 0;
                for (int l = 0; l < d; l++) {
                    sum += q[l][i] * sigma[l] * v[l][j];
                }
                xBar[j * s + i] = sum;
            }
        }
        for (int i = 0; i < s; i++) {
            xBar[d * s + i] = 1;
        }

        RandomGenerator target = streams.stream(TARGET);
        double[] truth = new double[d + 1];
        for (int j = 0; j < d; j++) {
            truth[j] = target.nextGaussian();
        }
        truth[d] = 2 * target.nextDouble() - 1;
        double[] centred = centredPrediction(xBar, d, s, truth);
        double scale = Math.sqrt(s) / norm(centred);
        for (int j = 0; j < d; j++) {
            truth[j] *= scale;
        }
        double[] y = new double[s];
        for (int i = 0; i < s; i++) {
            double sum = 0;
            for (int j = 0; j <= d; j++) {
                sum += truth[j] * xBar[j * s + i];
            }
            y[i] = sum;
        }
        RandomGenerator noise = streams.stream(RESIDUAL);
        double[] r = new double[s];
        for (int i = 0; i < s; i++) {
            r[i] = noise.nextGaussian();
        }
        double[] ones = new double[s];
        java.util.Arrays.fill(ones, 1 / Math.sqrt(s));
        for (int pass = 0; pass < 2; pass++) {
            subtractProjection(r, ones);
            for (double[] column : q) {
                subtractProjection(r, column);
            }
        }
        double rScale = residualRatio * Math.sqrt(s) / norm(r);
        for (int i = 0; i < s; i++) {
            y[i] += rScale * r[i];
        }

        RandomGenerator start = streams.stream(START);
        double[] w0 = new double[d + 1];
        for (int j = 0; j <= d; j++) {
            w0[j] = start.nextGaussian();
        }
        double[] startCentred = centredPrediction(xBar, d, s, w0);
        if (dot(startCentred, centred) < 0) {
            for (int j = 0; j < d; j++) {
                w0[j] = -w0[j];
            }
        }
        return new LinearRegressionProblem(d, s, xBar, y, w0);
    }

    /** {@code Xᵀ w_f} for the feature part of {@code w} (the features are centred by construction). */
    private static double[] centredPrediction(double[] xBar, int d, int s, double[] w) {
        double[] out = new double[s];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < s; i++) {
                out[i] += w[j] * xBar[j * s + i];
            }
        }
        return out;
    }

    /** {@code count} orthonormal vectors of length {@code length}, all orthogonal to {@code 1}. */
    private static double[][] orthonormalColumns(int length, int count, RandomGenerator random) {
        double[] ones = new double[length];
        java.util.Arrays.fill(ones, 1 / Math.sqrt(length));
        return orthonormalColumns(length, count, ones, random);
    }

    /** Gram–Schmidt, applied twice, of Gaussian vectors (orthogonal to {@code avoid} if given). */
    private static double[][] orthonormalColumns(int length, int count, double[] avoid, RandomGenerator random) {
        double[][] out = new double[count][length];
        for (int c = 0; c < count; c++) {
            double[] v = out[c];
            do {
                for (int i = 0; i < length; i++) {
                    v[i] = random.nextGaussian();
                }
                for (int pass = 0; pass < 2; pass++) {
                    if (avoid != null) {
                        subtractProjection(v, avoid);
                    }
                    for (int b = 0; b < c; b++) {
                        subtractProjection(v, out[b]);
                    }
                }
            } while (norm(v) < 1e-3);
            double n = norm(v);
            for (int i = 0; i < length; i++) {
                v[i] /= n;
            }
        }
        return out;
    }

    /** {@code v ← v − ⟨v, unit⟩ unit} for a unit vector. */
    private static void subtractProjection(double[] v, double[] unit) {
        double c = dot(v, unit);
        for (int i = 0; i < v.length; i++) {
            v[i] -= c * unit[i];
        }
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
