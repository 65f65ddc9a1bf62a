package org.errorprop.proofs.statements;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.proofs.Check;
import org.errorprop.proofs.Verdict;

/**
 * Proposition 2 (§4 "Convergence", proof in Supp. B; PAPER.md 2.4): if the synthetic gradient
 * ε-tracks the true gradient, {@code ‖SG(h, y) − ∂L/∂h‖ ≤ ε}, with {@code ‖∂h/∂θ_<h‖ ≤ K} and
 * {@code ε·K ≤ ‖∂L/∂θ_<h‖·(1 − δ)/(1 + δ)} in every iteration for a fixed {@code δ ∈ (0, 1)}, training
 * converges to a critical point of the original problem.
 *
 * <h2>The problem</h2>
 * A linear model with MSE whose lower module is {@code h = X·θ_<h} and whose upper module is
 * {@code p = h + Z·θ_>h} (a second group of inputs enters above {@code h}); {@code L = ½‖p − Y‖²_F} with
 * {@code X ∈ ℝ^{S×d}}, {@code Z ∈ ℝ^{S×q}}, {@code Y ∈ ℝ^{S×m}}. With {@code A = [X | Z]} and
 * {@code θ = (θ_<h; θ_>h)}, {@code L = ½‖Aθ − Y‖²}: a least-squares problem whose Hessian is
 * {@code I_m ⊗ AᵀA}, with eigenvalues in {@code [λ_min, λ_max] = [σ_min(A)², σ_max(A)²]} and
 * {@code κ = λ_max/λ_min} set by the recipe ({@code A = U·diag(σ)·Vᵀ} with random orthonormal {@code U},
 * {@code V} and {@code σ} log-spaced in {@code [1, √κ]}). {@code ∂L/∂h = R = Aθ − Y}; the Jacobian of
 * {@code vec h} with respect to {@code vec θ_<h} is {@code I_m ⊗ X}, so {@code K = ‖X‖₂} (computed by SVD).
 *
 * <h2>The synthetic gradient</h2>
 * The lower module receives {@code SG_k = R_k + E_k} and updates with {@code Xᵀ SG_k = ∂L/∂θ_<h + Xᵀ E_k};
 * the upper module follows its true gradient {@code Zᵀ R_k}. Inside the hypothesis
 * {@code ‖E_k‖ = ε_k = f·ρ·‖∂L/∂θ_<h‖/K} with {@code ρ = (1 − δ)/(1 + δ)} and {@code f ∈ (0, 1]} the
 * recipe's fraction of the allowed error ({@code f = 1} is on the bound). Its direction is
 * {@link ErrorDirection#RANDOM} (uniform on the sphere) or {@link ErrorDirection#ADVERSARIAL}:
 * {@code E = −ε·X g/‖X g‖} with {@code g = ∂L/∂θ_<h}, which minimises {@code ⟨Xᵀ E, g⟩} over the
 * ε-ball, i.e. turns the lower update as far from descent as the hypothesis allows.
 *
 * <h2>Step and budget (the derivation)</h2>
 * The update direction {@code d = ∇L + e} has {@code e = (Xᵀ E; 0)}, {@code ‖e‖ ≤ Kε ≤ ρ‖∇L‖}, so
 * {@code ⟨∇L, d⟩ ≥ (1 − ρ)‖∇L‖²} and {@code ‖d‖ ≤ (1 + ρ)‖∇L‖}. For a {@code λ_max}-smooth
 * function a step {@code η} gives {@code L(θ − ηd) ≤ L − η(1−ρ)‖∇L‖² + ½λ_max η²(1+ρ)²‖∇L‖²}; the step
 * {@code η = (1 − ρ)/(λ_max(1 + ρ)²)} used here makes the decrease {@code (1−ρ)²/(2λ_max(1+ρ)²)·‖∇L‖²}.
 * With {@code ‖∇L‖² ≥ 2λ_min(L − L*)} and {@code (1 − ρ)/(1 + ρ) = δ}:
 * <pre>
 *   L_{k+1} − L* ≤ q·(L_k − L*),  q = 1 − δ²/κ,  and  ‖∇L_N‖² ≤ 2λ_max q^N (L_0 − L*) ≤ κ q^N ‖∇L_0‖².
 * </pre>
 * (This is the Zoutendijk argument of Supp. B made quantitative: the cosine between the true and the
 * used direction is at least {@code (1−ρ)/(1+ρ) = δ}.) The budget is the smallest {@code N} with
 * {@code κ q^N ≤ τ²}, {@code τ = √ε}, {@code ε = 2⁻⁵²}: in exact arithmetic {@code ‖∇L_N‖ ≤ τ‖∇L_0‖}.
 *
 * <h2>Tolerance and margin</h2>
 * The check requires the computed {@code ‖∇L_N‖ ≤ tol = τ‖∇L_0‖ + φ}, where {@code φ} bounds the rounding
 * error of the computed gradient at {@code θ_N}: {@code φ = (S + n)·ε·‖|A|ᵀ(|A||θ| + |Y|)‖_F}, Higham's
 * componentwise bound for the two products ({@code n = d + q}). {@code τ = √ε} (half of float64's digits)
 * is the usual termination level of a gradient method and keeps {@code τ‖∇L_0‖} far above {@code φ}.
 * The margin is {@code log10(tol/‖∇L_N‖)}: decades of slack, positive iff the gradient went below the
 * tolerance. The statement is about the original problem's gradient, all of {@code θ}, so that is what is
 * measured. All {@code N} iterations are run. The bound is a worst case (real runs contract much faster),
 * so inside the hypothesis the final gradient sits near its rounding level and the margin is large (worst
 * 6.7 decades over 600 random recipes). The check's ability to fail is shown by the breaches below. The
 * number {@code largest K|E|/(rho |dL/dtheta_<h|)} records the worst ratio of the error to its allowed
 * size over the run: {@code ≤ f ≤ 1} inside the hypothesis.
 *
 * <h2>Breaking the hypothesis</h2>
 * {@link Breach#REVERSED}: {@code E = −(1 + γ)R}, so the lower module climbs ({@code SG = −γ ∂L/∂h}).
 * The iteration is {@code θ − θ* ← (I − ηDH)(θ − θ*)} with {@code D = diag(−γI, I)}. {@code DH} is
 * similar to {@code H^½DH^½}, which has the inertia of {@code D}, so it has negative eigenvalues: the
 * iteration matrix has an eigenvalue above 1 and training diverges. {@link Breach#PERSISTENT}: the error
 * keeps the norm {@code γ·ρ·‖∂L/∂θ_<h(θ_0)‖/K} allowed at the start, and does not shrink with the gradient.
 * Training then stalls in a noise ball whose size is set by that error, far above the tolerance. Both
 * make the check report failure. A diverging run stops once {@code ‖∇L‖ > 10¹⁰⁰‖∇L_0‖}.
 */
public final class TrackingSyntheticGradientConverges
        implements Check<TrackingSyntheticGradientConverges.Recipe> {

    private static final double EPSILON = 0x1p-52;
    private static final double TAU = Math.sqrt(EPSILON);
    private static final double DIVERGED = 1e100;

    /** Direction of the synthetic gradient's error. */
    public enum ErrorDirection {
        /** Uniform on the sphere of the allowed radius. */
        RANDOM,
        /** {@code −X·∂L/∂θ_<h}, normalised: the least favourable direction in the ε-ball. */
        ADVERSARIAL
    }

    /** How the hypothesis is broken, if it is. */
    public enum Breach {
        /** Inside the hypothesis. */
        NONE,
        /** {@code E = −(1 + γ)·∂L/∂h}: the lower module is told to climb. */
        REVERSED,
        /** The error keeps a fixed norm instead of shrinking with the gradient. */
        PERSISTENT
    }

    /**
     * @param seed            seed of the data, the start and the random errors
     * @param samples         {@code S}, in {@code [n + 2, 24]}
     * @param lowerInputs     {@code d}, the columns of {@code X} (size of each column of {@code θ_<h}), in [2, 5]
     * @param upperInputs     {@code q}, the columns of {@code Z}, in [1, 4]
     * @param outputs         {@code m}, in [1, 3]
     * @param conditionNumber {@code κ = λ_max/λ_min} of the Hessian, log-uniform in [1, 10]
     * @param delta           {@code δ}, in [0.2, 0.8]
     * @param errorFraction   {@code f}, the fraction of the allowed error, in [0.5, 1]
     * @param direction       direction of the error
     * @param breach          {@link Breach#NONE} inside the hypothesis
     * @param breachSize      {@code γ} for a breach (ignored for NONE)
     */
    public record Recipe(long seed, int samples, int lowerInputs, int upperInputs, int outputs,
                         double conditionNumber, double delta, double errorFraction, ErrorDirection direction,
                         Breach breach, double breachSize) {
        public Recipe {
            if (lowerInputs < 1 || upperInputs < 0 || outputs < 1 || samples < lowerInputs + upperInputs) {
                throw new IllegalArgumentException("need S ≥ d + q, d ≥ 1, m ≥ 1");
            }
            if (!(conditionNumber >= 1) || !(delta > 0 && delta < 1) || !(errorFraction >= 0 && errorFraction <= 1)) {
                throw new IllegalArgumentException("need κ ≥ 1, δ ∈ (0, 1), f ∈ [0, 1]");
            }
        }

        /** The same recipe with the hypothesis broken. */
        public Recipe breaking(Breach how, double size) {
            return new Recipe(seed, samples, lowerInputs, upperInputs, outputs, conditionNumber, delta,
                    errorFraction, direction, how, size);
        }
    }

    @Override
    public String id() {
        return "proposition-2";
    }

    @Override
    public String paperReference() {
        return "Proposition 2 (§4 Convergence; proof in Supp. B)";
    }

    @Override
    public String statement() {
        return "If the synthetic gradient at h epsilon-tracks the true gradient with eps*K <= |dL/dtheta_<h|"
                + " (1-delta)/(1+delta) in every iteration, K bounding |dh/dtheta_<h|, then training (lower part"
                + " on the synthetic gradient, upper part on the true one, small enough step) converges to a"
                + " critical point of the original problem.";
    }

    @Override
    public Recipe randomRecipe(RandomGenerator random) {
        int d = 2 + random.nextInt(4);
        int q = 1 + random.nextInt(4);
        int m = 1 + random.nextInt(3);
        int s = d + q + 2 + random.nextInt(Math.max(1, 24 - (d + q + 2) + 1));
        double kappa = Math.pow(10, random.nextDouble());
        double delta = 0.2 + 0.6 * random.nextDouble();
        double fraction = 0.5 + 0.5 * random.nextDouble();
        ErrorDirection direction = random.nextBoolean() ? ErrorDirection.RANDOM : ErrorDirection.ADVERSARIAL;
        return new Recipe(random.nextLong(), s, d, q, m, kappa, delta, fraction, direction, Breach.NONE, 0);
    }

    @Override
    public Verdict check(Recipe r) {
        RandomStreams streams = new RandomStreams(r.seed());
        int s = r.samples();
        int d = r.lowerInputs();
        int n = d + r.upperInputs();
        int m = r.outputs();
        DMatrixRMaj a = TrackingLinearAlgebra.withSingularValues(s, n, Math.sqrt(r.conditionNumber()),
                streams.stream("data/design"));
        DMatrixRMaj x = CommonOps_DDRM.extract(a, 0, s, 0, d);
        DMatrixRMaj y = new DMatrixRMaj(s, m);
        DMatrixRMaj truth = RandomMatrices.gaussian(n, m, 1, streams.stream("data/truth"));
        CommonOps_DDRM.mult(a, truth, y);
        CommonOps_DDRM.addEquals(y, RandomMatrices.gaussian(s, m, 0.5, streams.stream("data/noise")));
        DMatrixRMaj theta = RandomMatrices.gaussian(n, m, 1, streams.stream("init"));
        RandomGenerator noise = streams.stream("sg-error");

        double[] sv = SingularOps_DDRM.singularValues(a);
        double sMax = 0;
        double sMin = Double.POSITIVE_INFINITY;
        for (double v : sv) {
            sMax = Math.max(sMax, v);
            sMin = Math.min(sMin, v);
        }
        double lambdaMax = sMax * sMax;
        double kappa = lambdaMax / (sMin * sMin);
        double k = NormOps_DDRM.normP2(x);
        double rho = (1 - r.delta()) / (1 + r.delta());
        double eta = (1 - rho) / (lambdaMax * (1 + rho) * (1 + rho));
        double rate = -Math.log1p(-r.delta() * r.delta() / kappa);
        long budget = Math.max(1, (long) Math.ceil(Math.log(kappa / (TAU * TAU)) / rate));

        DMatrixRMaj residual = new DMatrixRMaj(s, m);
        DMatrixRMaj gradient = new DMatrixRMaj(n, m);
        DMatrixRMaj lowerGradient = new DMatrixRMaj(d, m);
        DMatrixRMaj error = new DMatrixRMaj(s, m);
        DMatrixRMaj lowerError = new DMatrixRMaj(d, m);

        TrackingLinearAlgebra.residual(a, theta, y, residual);
        CommonOps_DDRM.multTransA(a, residual, gradient);
        double g0 = NormOps_DDRM.normF(gradient);
        CommonOps_DDRM.extract(gradient, 0, d, 0, m, lowerGradient, 0, 0);
        double persistentNorm = r.breachSize() * rho * NormOps_DDRM.normF(lowerGradient) / k;

        double gradientNorm = g0;
        double largestRatio = 0;
        long iterations = 0;
        while (iterations < budget) {
            CommonOps_DDRM.extract(gradient, 0, d, 0, m, lowerGradient, 0, 0);
            double lowerNorm = NormOps_DDRM.normF(lowerGradient);
            switch (r.breach()) {
                case REVERSED -> {
                    error.setTo(residual);
                    CommonOps_DDRM.scale(-(1 + r.breachSize()), error);
                }
                case PERSISTENT -> direction(r.direction(), x, lowerGradient, noise, persistentNorm, error);
                default -> direction(r.direction(), x, lowerGradient, noise,
                        r.errorFraction() * rho * lowerNorm / k, error);
            }
            if (lowerNorm > 0) {
                largestRatio = Math.max(largestRatio, k * NormOps_DDRM.normF(error) / (rho * lowerNorm));
            }
            // θ ← θ − η(∇L + (Xᵀ E; 0))
            CommonOps_DDRM.multTransA(x, error, lowerError);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < m; j++) {
                    gradient.unsafe_set(i, j, gradient.unsafe_get(i, j) + lowerError.unsafe_get(i, j));
                }
            }
            CommonOps_DDRM.addEquals(theta, -eta, gradient);
            iterations++;
            TrackingLinearAlgebra.residual(a, theta, y, residual);
            CommonOps_DDRM.multTransA(a, residual, gradient);
            gradientNorm = NormOps_DDRM.normF(gradient);
            if (!(gradientNorm <= DIVERGED * g0)) {
                break;
            }
        }

        double floor = TrackingLinearAlgebra.gradientRoundingBound(a, theta, y);
        double tolerance = TAU * g0 + floor;
        double margin = Double.isFinite(gradientNorm) ? Math.log10(tolerance / gradientNorm)
                : Math.log10(tolerance / (DIVERGED * g0));
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("kappa", kappa);
        numbers.put("K = |X|_2", k);
        numbers.put("step eta", eta);
        numbers.put("iterations (budget " + budget + ")", (double) iterations);
        numbers.put("initial gradient norm", g0);
        numbers.put("final gradient norm", gradientNorm);
        numbers.put("tolerance", tolerance);
        numbers.put("rounding bound phi", floor);
        numbers.put("largest K|E|/(rho |dL/dtheta_<h|)", largestRatio);
        return Verdict.byMargin(margin, r, numbers);
    }

    /** {@code out = norm·u} with {@code u} a unit direction of the chosen kind. */
    private static void direction(ErrorDirection kind, DMatrixRMaj x, DMatrixRMaj lowerGradient,
                                  RandomGenerator noise, double norm, DMatrixRMaj out) {
        if (kind == ErrorDirection.ADVERSARIAL) {
            CommonOps_DDRM.mult(x, lowerGradient, out);
            double length = NormOps_DDRM.normF(out);
            if (length == 0) {
                out.zero();
                return;
            }
            CommonOps_DDRM.scale(-norm / length, out);
        } else {
            for (int i = 0; i < out.getNumElements(); i++) {
                out.data[i] = noise.nextGaussian();
            }
            CommonOps_DDRM.scale(norm / NormOps_DDRM.normF(out), out);
        }
    }
}
