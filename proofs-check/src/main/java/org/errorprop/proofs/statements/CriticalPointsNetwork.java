package org.errorprop.proofs.statements;

import static org.errorprop.proofs.statements.CriticalPointsNumerics.U;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.absMult;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.absMultTransA;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.absMultTransB;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.gamma;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.plus;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.scaled;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.stackRows;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.withOnes;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.withZeros;

import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * A small fully connected network {@code h_j = φ(h_{j−1} W_j + b_j)}, {@code j = 1..N}, with {@code φ}
 * the identity (a deep linear model) or tanh on the hidden blocks and the identity on the output block
 * {@code p = h_N}, under the squared error {@code L = Σ_i ½‖p_i − y_i‖²}. Its forward and backward
 * passes carry elementwise first-order bounds on their distance from exact arithmetic on the stored
 * weights and data (the running error analysis of Higham §3.3), so that "zero to rounding" can be
 * decided by a bound rather than a guess.
 *
 * <p>Bounds, all elementwise and first order (products of two error terms dropped):
 * <ul>
 *   <li>pre-activation {@code fl([ĥ, 1][W; b])}: {@code β|W| + γ_{n+1} |[ĥ, 1]| |[W; b]|};</li>
 *   <li>tanh: {@code |tanh'| ≤ 1} carries the input error; {@link Math#tanh} is within 2.5 ulps of the
 *       exact value, at most {@code 5 ulp(ĥ)} of the computed one (the exact value may lie one binade up);</li>
 *   <li>backward {@code fl(δ Wᵀ)}: {@code β_δ|Wᵀ| + γ_n|δ̂||Wᵀ|}; the tanh derivative {@code fl(1 − ĥ²)}
 *       differs from {@code 1 − h²} by at most {@code 2|ĥ|β_h + γ_2}, so {@code fl(δ ⊙ φ')} is within
 *       {@code β_δ|φ̂'| + |δ̂|(2|ĥ|β_h + γ_2) + u|fl(δ ⊙ φ')|};</li>
 *   <li>gradient {@code fl([ĥ, 1]ᵀ δ)}: {@code |[ĥ, 1]|ᵀβ_δ + [β_h, 0]ᵀ|δ̂| + γ_S |[ĥ, 1]|ᵀ|δ̂|}.</li>
 * </ul>
 */
final class CriticalPointsNetwork {
    /** {@code W_j}, index {@code 1..N} (index 0 unused). */
    final DMatrixRMaj[] weights;
    /** {@code b_j} as {@code 1 × n_j} rows, index {@code 1..N}. */
    final DMatrixRMaj[] biases;
    final boolean tanh;

    CriticalPointsNetwork(DMatrixRMaj[] weights, DMatrixRMaj[] biases, boolean tanh) {
        this.weights = weights;
        this.biases = biases;
        this.tanh = tanh;
    }

    int blocks() {
        return weights.length - 1;
    }

    /** A copy with every weight and bias entry multiplied by {@code 1 + η ξ}, {@code ξ} uniform in [−1, 1]. */
    CriticalPointsNetwork perturbed(double eta, RandomGenerator random) {
        DMatrixRMaj[] w = new DMatrixRMaj[weights.length];
        DMatrixRMaj[] b = new DMatrixRMaj[biases.length];
        for (int j = 1; j < weights.length; j++) {
            w[j] = weights[j].copy();
            b[j] = biases[j].copy();
            for (DMatrixRMaj m : new DMatrixRMaj[] {w[j], b[j]}) {
                for (int i = 0; i < m.getNumElements(); i++) {
                    m.data[i] *= 1 + eta * (2 * random.nextDouble() - 1);
                }
            }
        }
        return new CriticalPointsNetwork(w, b, tanh);
    }

    boolean activatesLevel(int level) {
        return tanh && level >= 1 && level < blocks();
    }

    /** The values {@code h_0 = x, …, h_N = p} and their error bounds. */
    record Pass(DMatrixRMaj[] values, DMatrixRMaj[] bounds) {
    }

    /**
     * The forward pass. Bounds are zero up to level {@code exactFrom} (those levels are taken as exact
     * inputs) and grow from there. {@code reversed} sums every inner product in the opposite order (a
     * second, independent evaluation of the same function); the bound is the same expression.
     */
    Pass forward(DMatrixRMaj x, int exactFrom, boolean reversed) {
        int n = blocks();
        DMatrixRMaj[] h = new DMatrixRMaj[n + 1];
        DMatrixRMaj[] beta = new DMatrixRMaj[n + 1];
        h[0] = x;
        beta[0] = new DMatrixRMaj(x.numRows, x.numCols);
        for (int j = 1; j <= n; j++) {
            DMatrixRMaj w = weights[j];
            DMatrixRMaj b = biases[j];
            DMatrixRMaj pre = new DMatrixRMaj(x.numRows, w.numCols);
            if (reversed) {
                for (int r = 0; r < pre.numRows; r++) {
                    for (int c = 0; c < pre.numCols; c++) {
                        double s = b.get(0, c);
                        for (int i = w.numRows - 1; i >= 0; i--) {
                            s += h[j - 1].get(r, i) * w.get(i, c);
                        }
                        pre.set(r, c, s);
                    }
                }
            } else {
                CommonOps_DDRM.mult(h[j - 1], w, pre);
                for (int r = 0; r < pre.numRows; r++) {
                    for (int c = 0; c < pre.numCols; c++) {
                        pre.set(r, c, pre.get(r, c) + b.get(0, c));
                    }
                }
            }
            DMatrixRMaj bound;
            if (j <= exactFrom) {
                bound = new DMatrixRMaj(pre.numRows, pre.numCols);
            } else {
                bound = plus(absMult(beta[j - 1], w),
                        scaled(gamma(w.numRows + 1), absMult(withOnes(h[j - 1]), stackRows(w, b))));
            }
            if (activatesLevel(j)) {
                for (int i = 0; i < pre.getNumElements(); i++) {
                    pre.data[i] = Math.tanh(pre.data[i]);
                    if (j > exactFrom) {
                        bound.data[i] += 5 * Math.ulp(pre.data[i]);
                    }
                }
            }
            h[j] = pre;
            beta[j] = bound;
        }
        return new Pass(h, beta);
    }

    /** {@code φ'(h_level)} computed as {@code fl(1 − ĥ²)}, or {@code null} for the identity. */
    private DMatrixRMaj derivative(Pass pass, int level) {
        if (!activatesLevel(level)) {
            return null;
        }
        DMatrixRMaj h = pass.values()[level];
        DMatrixRMaj d = new DMatrixRMaj(h.numRows, h.numCols);
        for (int i = 0; i < d.getNumElements(); i++) {
            d.data[i] = 1 - h.data[i] * h.data[i];
        }
        return d;
    }

    /**
     * {@code ∂/∂h_i} for {@code i ≤ level}, and the gradients of blocks {@code j ≤ level} as
     * {@code [∂/∂W_j; ∂/∂b_j]}, all with bounds.
     */
    record Back(DMatrixRMaj[] activationGradients, DMatrixRMaj[] activationBounds, DMatrixRMaj[] gradients,
                DMatrixRMaj[] gradientBounds) {
    }

    /**
     * The backward pass from {@code delta = ∂/∂h_level} (with its bound), down to block 1. For
     * {@code level = N}, {@code delta} is the output error {@code p − y}.
     */
    Back backward(Pass pass, int level, DMatrixRMaj delta, DMatrixRMaj deltaBound) {
        DMatrixRMaj[] dh = new DMatrixRMaj[level + 1];
        DMatrixRMaj[] dhBound = new DMatrixRMaj[level + 1];
        DMatrixRMaj[] grad = new DMatrixRMaj[level + 1];
        DMatrixRMaj[] gradBound = new DMatrixRMaj[level + 1];
        dh[level] = delta;
        dhBound[level] = deltaBound;
        int rows = delta.numRows;
        for (int j = level; j >= 1; j--) {
            DMatrixRMaj h = pass.values()[j];
            DMatrixRMaj betaH = pass.bounds()[j];
            DMatrixRMaj phi = derivative(pass, j);
            DMatrixRMaj dg;
            DMatrixRMaj dgBound;
            if (phi == null) {
                dg = dh[j];
                dgBound = dhBound[j];
            } else {
                dg = new DMatrixRMaj(dh[j].numRows, dh[j].numCols);
                dgBound = new DMatrixRMaj(dg.numRows, dg.numCols);
                for (int i = 0; i < dg.getNumElements(); i++) {
                    dg.data[i] = dh[j].data[i] * phi.data[i];
                    dgBound.data[i] = dhBound[j].data[i] * Math.abs(phi.data[i])
                            + Math.abs(dh[j].data[i]) * (2 * Math.abs(h.data[i]) * betaH.data[i] + gamma(2))
                            + U * Math.abs(dg.data[i]);
                }
            }
            DMatrixRMaj below = withOnes(pass.values()[j - 1]);
            DMatrixRMaj g = new DMatrixRMaj(below.numCols, dg.numCols);
            CommonOps_DDRM.multTransA(below, dg, g);
            grad[j] = g;
            gradBound[j] = plus(absMultTransA(below, dgBound),
                    absMultTransA(withZeros(pass.bounds()[j - 1]), dg),
                    scaled(gamma(rows), absMultTransA(below, dg)));
            DMatrixRMaj w = weights[j];
            DMatrixRMaj next = new DMatrixRMaj(rows, w.numRows);
            CommonOps_DDRM.multTransB(dg, w, next);
            dh[j - 1] = next;
            dhBound[j - 1] = plus(absMultTransB(dgBound, w), scaled(gamma(w.numCols), absMultTransB(dg, w)));
        }
        return new Back(dh, dhBound, grad, gradBound);
    }

    /**
     * Bounds on the exact backward pass when the exact {@code ∂/∂h_level} is bounded by {@code rho}
     * elementwise: {@code |φ'| ≤ 1}, so {@code |∂/∂g_j| ≤ |∂/∂h_j|} and {@code |∂/∂h_{j−1}| ≤ |∂/∂h_j| |W_jᵀ|}.
     * Returns the bounds on {@code ∂/∂h_j}, {@code j = 0..level}, which also bound {@code ∂/∂g_j}.
     */
    DMatrixRMaj[] chainBack(int level, DMatrixRMaj rho) {
        DMatrixRMaj[] out = new DMatrixRMaj[level + 1];
        out[level] = rho;
        for (int j = level; j >= 1; j--) {
            out[j - 1] = absMultTransB(out[j], weights[j]);
        }
        return out;
    }

    /** {@code |v||W_{from+1}|⋯|W_to|}: how far an error {@code v} at level {@code from} can move level {@code to}. */
    DMatrixRMaj chainForward(int from, int to, DMatrixRMaj v) {
        DMatrixRMaj current = v;
        for (int j = from + 1; j <= to; j++) {
            current = absMult(current, weights[j]);
        }
        return current;
    }
}
