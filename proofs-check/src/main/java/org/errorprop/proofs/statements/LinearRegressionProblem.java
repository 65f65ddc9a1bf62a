package org.errorprop.proofs.statements;

import org.apache.commons.math3.random.RandomGenerator;
import org.errorprop.framework.random.RandomStreams;

/**
 * The data of one {@link LinearRegressionReachesGlobalOptimum} recipe: {@code X̄ ∈ ℝ^{(d+1)×S}} (features
 * in rows, the last row all ones) with {@code cond(X̄) = κ}, labels {@code y ∈ ℝ^S} with an irreducible
 * residual of norm {@code ρ√S}, and the starting weights {@code W_0}, every number from a named stream of
 * the recipe's seed. The construction and why these sizes ("The data of a recipe"):
 * <a href="../../../../../../../../paper-notes/derivations/theorem-1.md">paper-notes/derivations/theorem-1.md</a>.
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
        double[][] q = orthonormalColumns(s, d, streams.startOf(FEATURES));
        double[][] v = orthonormalColumns(d, d, null, streams.startOf(ROTATION));
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

        RandomGenerator target = streams.startOf(TARGET);
        double[] truth = new double[d + 1];
        for (int j = 0; j < d; j++) {
            truth[j] = target.nextGaussian();
        }
        truth[d] = 2 * target.nextDouble() - 1;
        double[] centred = centredPrediction(xBar, d, s, truth);
        double scale = Math.sqrt(s) / Vectors.norm(centred);
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
        RandomGenerator noise = streams.startOf(RESIDUAL);
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
        double rScale = residualRatio * Math.sqrt(s) / Vectors.norm(r);
        for (int i = 0; i < s; i++) {
            y[i] += rScale * r[i];
        }

        RandomGenerator start = streams.startOf(START);
        double[] w0 = new double[d + 1];
        for (int j = 0; j <= d; j++) {
            w0[j] = start.nextGaussian();
        }
        double[] startCentred = centredPrediction(xBar, d, s, w0);
        if (Vectors.dot(startCentred, centred) < 0) {
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
            } while (Vectors.norm(v) < 1e-3);
            double n = Vectors.norm(v);
            for (int i = 0; i < length; i++) {
                v[i] /= n;
            }
        }
        return out;
    }

    /** {@code v ← v − ⟨v, unit⟩ unit} for a unit vector. */
    private static void subtractProjection(double[] v, double[] unit) {
        double c = Vectors.dot(v, unit);
        for (int i = 0; i < v.length; i++) {
            v[i] -= c * unit[i];
        }
    }

}
