package org.errorprop.proofs.statements;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;

/**
 * One run of Theorem 1's iteration: linear regression {@code p_k = W_k X̄} trained through the linear SG
 * {@code ∇̃L_k = (α_k+1) p_k − (β_k+1) y + γ_k 1}, with {@code ω = (α, β, γ)} started at {@code (−1, −1, 0)}.
 * It holds {@code W_k} and {@code ω_k} and answers, at each iterate, the quantities the proof speaks of;
 * {@link LinearRegressionReachesGlobalOptimum} decides the steps. Derivation:
 * <a href="../../../../../../../../paper-notes/derivations/theorem-1.md">paper-notes/derivations/theorem-1.md</a>.
 */
final class SgRegressionRun {
    private final int samples;
    private final int rows;
    private final double[] xBar;
    private final double[] y;
    private final double[] basis;
    private final double sMax;
    private final double normY;
    /** {@code γ = 2(S + d + 4)u}: the rounding of a dot product of length at most {@code S} and {@code d + 1}. */
    private final double gamma;

    private final double[] w;
    private double alpha = -1;
    private double beta = -1;
    private double gammaSg = 0;

    private final double[] p;
    private final double[] residual;
    private final double[] xi;
    /** {@code A_{k−1} ω_k}, the proof's idea of {@code ξ_k}; zero before the first step. */
    private final double[] xiTilde;
    private final double[] drift;
    private final double[] sgOutput;

    /**
     * The SG error {@code ξ_k = A_k ω_k} and the projected residual {@code f_k} at one iterate, with the
     * rounding allowances of their computed norms.
     *
     * @param nf        {@code ‖f_k‖}
     * @param nx        {@code ‖ξ_k‖}
     * @param drift     {@code ‖ξ_k − A_{k−1} ω_k‖} (the proof's {@code A_k = A_{k−1}} gap)
     * @param normW     {@code ‖W_k‖}
     * @param normOmega {@code ‖ω_k‖}
     * @param normAF    {@code ‖A_k‖_F}
     * @param roundF    rounding allowance of {@code ‖f_k‖}: {@code γ(‖y‖ + ‖p_k‖ + σ_max‖W_k‖)}
     * @param roundXi   rounding allowance of {@code ‖ξ_k‖}: {@code γ‖A_k‖_F‖ω_k‖}
     */
    record Iterate(double nf, double nx, double drift, double normW, double normOmega, double normAF,
                   double roundF, double roundXi) {
        /** {@code Φ_k = ‖f_k‖ + ‖ξ_k‖}, the proof's Lyapunov quantity. */
        double phi() {
            return nf + nx;
        }
    }

    /**
     * The SG's exact line search at {@code ω_k}, from the unit vector {@code x = ξ_k/‖ξ_k‖}.
     *
     * @param h              {@code h_k = ‖A_kᵀξ_k‖⁴/(‖A_k A_kᵀ ξ_k‖² ‖ξ_k‖²)}, at most 1 (1 when {@code ξ_k = 0})
     * @param nu             {@code ν_k}, here in units of {@code 1/‖ξ_k‖}
     * @param direction      {@code A_kᵀx}
     * @param relativeErrorH relative rounding of {@code h_k}
     */
    record LineSearch(double h, double nu, double[] direction, double relativeErrorH) {
        /** The same search with {@code ν} replaced (a hypothesis broken). */
        LineSearch withNu(double fixed) {
            return new LineSearch(h, fixed, direction, relativeErrorH);
        }
    }

    /**
     * The SG step {@code ω_k → ω_{k+1}} seen through the proof's {@code A_k}.
     *
     * @param normXiTilde  {@code ‖A_k ω_{k+1}‖}
     * @param roundXiTilde its rounding allowance, {@code γ‖A_k‖_F(‖ω_k‖ + ‖ω_{k+1}‖)}
     */
    record SgStep(double normXiTilde, double roundXiTilde) {
    }

    SgRegressionRun(LinearRegressionProblem problem, LeastSquaresReference reference, double unitRoundoff) {
        samples = problem.samples();
        rows = problem.features() + 1;
        xBar = problem.xBar();
        y = problem.y();
        basis = reference.basis();
        sMax = reference.sMax();
        normY = Vectors.norm(y);
        gamma = 2.0 * (samples + problem.features() + 4) * unitRoundoff;
        w = problem.start().clone();
        p = new double[samples];
        residual = new double[samples];
        xi = new double[samples];
        xiTilde = new double[samples];
        drift = new double[samples];
        sgOutput = new double[samples];
    }

    /** {@code W_k}. */
    double[] weights() {
        return w;
    }

    /** The quantities at {@code (W_k, ω_k)}; fills {@code p_k} and {@code ξ_k} for the steps that follow. */
    Iterate evaluate() {
        double normP2 = predict();
        double nf = projectedResidualNorm();
        sgError();
        double normW = Vectors.norm(w);
        double normOmega = Math.sqrt(alpha * alpha + beta * beta + gammaSg * gammaSg);
        double normAF = Math.sqrt(normP2 + normY * normY + samples);
        double roundF = gamma * (normY + Math.sqrt(normP2) + sMax * normW);
        double roundXi = gamma * normAF * normOmega;
        return new Iterate(nf, scaledNorm(xi), scaledNorm(drift), normW, normOmega, normAF, roundF, roundXi);
    }

    /** {@code p_k = W_k X̄} and the residual {@code y − p_k}; returns {@code ‖p_k‖²}. */
    private double predict() {
        Arrays.fill(p, 0);
        for (int j = 0; j < rows; j++) {
            double wj = w[j];
            int row = j * samples;
            for (int i = 0; i < samples; i++) {
                p[i] += wj * xBar[row + i];
            }
        }
        double normP2 = 0;
        for (int i = 0; i < samples; i++) {
            normP2 += p[i] * p[i];
            residual[i] = y[i] - p[i];
        }
        return normP2;
    }

    /** {@code ‖f_k‖}, the norm of the residual's projection on the row space of {@code X̄}. */
    private double projectedResidualNorm() {
        double nf2 = 0;
        for (int j = 0; j < rows; j++) {
            double c = 0;
            int row = j * samples;
            for (int i = 0; i < samples; i++) {
                c += basis[row + i] * residual[i];
            }
            nf2 += c * c;
        }
        return Math.sqrt(nf2);
    }

    /** {@code ξ_k = A_k ω_k} and its distance to the proof's {@code A_{k−1} ω_k}. */
    private void sgError() {
        for (int i = 0; i < samples; i++) {
            double v = alpha * p[i] - beta * y[i] + gammaSg;
            xi[i] = v;
            drift[i] = v - xiTilde[i];
        }
    }

    /** The exact line search on {@code ‖A_k ω‖²} at {@code ω_k}, given the iterate's quantities. */
    LineSearch lineSearch(Iterate at) {
        double[] t = new double[3];
        if (!(at.nx() > 0)) {
            return new LineSearch(1, 0, t, 0); // ξ = 0: the proof's degenerate case, only f has to contract.
        }
        // x = ξ/‖ξ‖, formed as (ξ/max|ξ_i|)/(‖ξ‖/max|ξ_i|) so that a subnormal ‖ξ‖ cannot overflow 1/‖ξ‖.
        double largest = 0;
        for (int i = 0; i < samples; i++) {
            largest = Math.max(largest, Math.abs(xi[i]));
        }
        double scaledLength = at.nx() / largest;
        for (int i = 0; i < samples; i++) {
            double x = xi[i] / largest / scaledLength;
            t[0] += p[i] * x;
            t[1] -= y[i] * x;
            t[2] += x;
        }
        double nt2 = t[0] * t[0] + t[1] * t[1] + t[2] * t[2];
        double ns2 = 0;
        for (int i = 0; i < samples; i++) {
            double v = t[0] * p[i] - t[1] * y[i] + t[2];
            ns2 += v * v;
        }
        if (!(ns2 > 0)) {
            return new LineSearch(0, 0, t, 0);
        }
        // Relative rounding of h: ‖Aᵀx‖ and ‖AAᵀx‖ carry absolute errors ≤ γ‖A‖_F and ≤ 2γ‖A‖_F².
        double normAF = at.normAF();
        double relativeErrorH = gamma * (4 * normAF / Math.sqrt(nt2) + 4 * normAF * normAF / Math.sqrt(ns2));
        return new LineSearch(Math.min(1, nt2 * nt2 / ns2), nt2 / ns2, t, relativeErrorH);
    }

    /** {@code σ_max(A_k)}, by EJML's SVD (for a fixed {@code ν} scaled to {@code A_0}). */
    double largestSingularValueOfA() {
        DMatrixRMaj a = new DMatrixRMaj(samples, 3);
        for (int i = 0; i < samples; i++) {
            a.set(i, 0, p[i]);
            a.set(i, 1, -y[i]);
            a.set(i, 2, 1);
        }
        double largest = 0;
        for (double v : SingularOps_DDRM.singularValues(a)) {
            largest = Math.max(largest, v);
        }
        return largest;
    }

    /** {@code W_{k+1} = W_k − µ_k ∇̃L_k X̄ᵀ} with {@code ∇̃L_k = p_k − y + ξ_k}. */
    void stepWeights(double mu) {
        for (int i = 0; i < samples; i++) {
            sgOutput[i] = p[i] - y[i] + xi[i];
        }
        for (int j = 0; j < rows; j++) {
            double g = 0;
            int row = j * samples;
            for (int i = 0; i < samples; i++) {
                g += sgOutput[i] * xBar[row + i];
            }
            w[j] -= mu * g;
        }
    }

    /** {@code ω_{k+1} = ω_k − ν_k A_kᵀ ξ_k}; returns {@code A_k ω_{k+1}} as the proof sees it. */
    SgStep stepSg(LineSearch search, Iterate at) {
        double[] t = search.direction();
        double alphaNext = alpha - search.nu() * at.nx() * t[0];
        double betaNext = beta - search.nu() * at.nx() * t[1];
        double gammaNext = gammaSg - search.nu() * at.nx() * t[2];
        for (int i = 0; i < samples; i++) {
            xiTilde[i] = alphaNext * p[i] - betaNext * y[i] + gammaNext;
        }
        double normOmegaNext = Math.sqrt(alphaNext * alphaNext + betaNext * betaNext + gammaNext * gammaNext);
        alpha = alphaNext;
        beta = betaNext;
        gammaSg = gammaNext;
        return new SgStep(scaledNorm(xiTilde), gamma * at.normAF() * (at.normOmega() + normOmegaNext));
    }

    /** The Euclidean norm, computed with scaling by the largest entry (no underflow or overflow of squares). */
    private static double scaledNorm(double[] v) {
        double scale = 0;
        for (double x : v) {
            scale = Math.max(scale, Math.abs(x));
        }
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale;
        }
        double sum = 0;
        if (scale < Double.MIN_NORMAL) {
            for (double x : v) {
                double t = x / scale; // 1/scale would overflow for a subnormal scale
                sum += t * t;
            }
        } else {
            double inverse = 1 / scale;
            for (double x : v) {
                double t = x * inverse;
                sum += t * t;
            }
        }
        return scale * Math.sqrt(sum);
    }
}
