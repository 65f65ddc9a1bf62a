package org.errorprop.proofs.statements;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.errorprop.proofs.Check;
import org.errorprop.proofs.Verdict;

/**
 * Theorem 1 (§4, proof in Supp. B; PAPER.md 2.6), the paper's main result: linear regression trained
 * through a linear synthetic gradient between its output and the loss, with the SG step chosen by line
 * search and a small enough main step in every iteration, converges to the global least-squares solution.
 *
 * <h2>Set-up, exactly the proof's</h2>
 * Full batch, deterministic. {@code X ∈ ℝ^{d×S}}, bias trick {@code X̄ = (Xᵀ | 1ᵀ)ᵀ}, {@code W_k ∈ ℝ^{1×(d+1)}},
 * {@code p_k = W_k X̄}, {@code L = ½ Σ_s (y^s − p^s_k)²}. The SG output is
 * {@code ∇̃L_k = (α_k+1) p_k − (β_k+1) y + γ_k 1}, started at {@code α_0 = β_0 = −1, γ_0 = 0} (SG ≡ 0).
 * With {@code ω = (α, β, γ)ᵀ}, {@code A_k = [p_kᵀ | −yᵀ | 1ᵀ]} and {@code ξ_k = A_k ω_k} (the SG error
 * {@code ∇̃L_k − ∂L/∂p}, since {@code ∂L/∂p = p − y}), the updates are
 * <pre>
 *   W_{k+1} = W_k − µ_k ∇̃L_k X̄ᵀ = W_k − µ_k (p_k − y + ξ_kᵀ) X̄ᵀ,
 *   ω_{k+1} = ω_k − ν_k A_kᵀ ξ_k,        ν_k = ‖A_kᵀξ_k‖² / ‖A_k A_kᵀ ξ_k‖²  (exact line search on ‖A_k ω‖²).
 * </pre>
 * <b>Signs.</b> The printed component updates {@code α ← α − νΣξp}, {@code β ← β + νΣξy},
 * {@code γ ← γ − νΣξ} are exactly {@code ω ← ω − ν A_kᵀ ξ_k} with the printed {@code A_k = [pᵀ | −yᵀ | 1ᵀ]}
 * (the {@code −y} column makes the β line a {@code +}); they are consistent and are used as printed. The
 * printed {@code ∂L/∂W = Σ_s (y^s − W x̄_s) x̄_sᵀ} has the wrong sign (it is {@code −∂L/∂W}); the update above
 * uses the true descent direction, as the proof's matrix form does.
 *
 * <h2>The proof, checked at every iteration</h2>
 * With {@code B = X̄ᵀX̄}, {@code e_k = (y − p_k)ᵀ}, {@code f_k = e_k^∥} (projection of the residual on the row
 * space of {@code X̄}, computed with an orthonormal basis from EJML's QR of {@code X̄ᵀ}) and {@code b > 0} the
 * smallest positive eigenvalue of {@code B} ({@code σ_min(X̄)²}, by SVD):
 * <ol>
 *   <li><b>Line-search identity</b> {@code ‖A_k ω_{k+1}‖² = (1 − h_k)‖ξ_k‖²},
 *       {@code h_k = ‖A_kᵀξ_k‖⁴/(‖A_k A_kᵀ ξ_k‖² ‖ξ_k‖²)}.</li>
 *   <li><b>f-bound</b> {@code ‖f_{k+1}‖ ≤ q_k ‖f_k‖ + µ_k‖B‖ ‖ξ_k‖}, {@code q_k = √(1 − 2µ_k b + µ_k²‖B‖²)}
 *       (exact: {@code f_{k+1} = (I − µB) f_k + µ B ξ_k}).</li>
 *   <li><b>Contraction</b> of the proof's Lyapunov quantity: {@code ‖f_{k+1}‖ + ‖A_k ω_{k+1}‖ ≤ ρ_k (‖f_k‖ + ‖ξ_k‖)}
 *       with {@code ρ_k = max(q_k, √(1 − h_k) + µ_k‖B‖) < 1}.</li>
 * </ol>
 * <b>The step condition.</b> As printed, the condition is {@code µ < min{b/‖B‖², 1 − (‖Aᵀξ‖²/(2‖AAᵀξ‖²))·
 * (‖Aᵀξ‖²/‖ξ‖²)}}. That is a typo (PAPER.md 2.6 flags it): the proof's own inequality gives the ξ coefficient
 * {@code 1 − h/2 + µ‖B‖}, so the consistent condition is {@code µ < min{b/‖B‖², h/(2‖B‖)}}, and the printed
 * version also drops {@code ‖B‖} in one line. This check uses the consistent reading:
 * {@code µ_k = c·min{b/‖B‖², h_k/(2‖B‖)}} with the recipe's fraction {@code c ∈ (0, 1)}. Then
 * {@code q_k < 1} and {@code √(1−h) + µ‖B‖ ≤ 1 − h/2 + c·h/2 < 1}, so (3) is a strict contraction.
 * <b>The recursion's gap.</b> PAPER.md notes that the proof writes {@code ξ_{k+1} = ξ_k − ν A_k A_kᵀ ξ_k}, i.e.
 * assumes {@code A_{k+1} = A_k}. The true next error is {@code ξ_{k+1} = A_{k+1} ω_{k+1} = A_k ω_{k+1} +
 * α_{k+1}(p_{k+1} − p_k)ᵀ}; (1) and (3) are checked for the proof's {@code A_k ω_{k+1}}, and the drift
 * {@code ‖ξ_{k+1} − A_k ω_{k+1}‖/(‖f_k‖ + ‖ξ_k‖)}, the number of steps where the <i>actual</i>
 * {@code ‖f‖ + ‖ξ‖} rose, and its largest one-step ratio are reported.
 *
 * <h2>Convergence, tolerance and margin</h2>
 * The run stops when {@code Φ_k = ‖f_k‖ + ‖ξ_k‖} reaches its rounding floor
 * {@code φ_k = γ(‖y‖ + ‖p_k‖ + σ_max‖W_k‖) + 4u‖W_k‖/(µ_k σ_min)}, {@code u = 2⁻⁵³},
 * {@code γ = 2(S + d + 4)u}: the first term bounds the rounding of the computed {@code ‖f‖} and
 * {@code ‖ξ‖} (dot products of length at most {@code S} and {@code d + 1}); the second is where an update
 * {@code µ_k ‖(f − ξ)ᵀX̄ᵀ‖ ≥ µ_k σ_min ‖f − ξ‖} falls below {@code u‖W‖} and is absorbed by the rounding of
 * {@code W}. Convergence also requires {@code φ_K ≤ √ε Φ_0} ({@code ε = 2⁻⁵²}): a floor inflated by a
 * vanishing step is not convergence. Then {@code ‖W_K − W*‖ ≤ ‖f_K‖/σ_min} exactly
 * ({@code f = X̄ᵀ(W* − W)ᵀ}), and the check compares with the least-squares solution {@code W*} computed
 * independently by EJML (Householder QR): {@code ‖W_K − W*‖ ≤ tol = 2φ_K/σ_min + δ_LS},
 * {@code δ_LS = S(d+1)u·κ·(‖W*‖ + κ‖r*‖/σ_max)} the forward-error bound of a backward-stable least-squares
 * solver ({@code κ = cond(X̄)}, {@code r*} its residual). ξ → 0 is part of {@code Φ_K ≤ φ_K}.
 * The per-step inequalities carry absolute allowances for rounding of the same {@code γ}-form (written
 * where they are computed). The identity (1) is checked in relative form and not once {@code ‖ξ_k‖} is within
 * {@code 2⁶⁰} of the subnormal range (there the SG error has long been negligible, and rounding is no longer
 * relative to {@code u}); norms are computed with scaling so that the geometric decay of ξ cannot underflow
 * them. {@code exp}, {@code log} and {@code pow} are {@link StrictMath}'s, so a verdict replays bit for bit.
 *
 * <p><b>Margin</b> (decades): if every per-step inequality held, {@code min(log10(tol/‖W_K − W*‖),
 * log10((N + 1)/(K + 1)))} with {@code K} the iterations used and {@code N} the budget (how far the run was
 * from exhausting it); otherwise {@code −log10} of the worst violation ratio ({@code ≤ 0}); if the run did not
 * converge {@code min(log10(φ_K/Φ_K), log10(√ε Φ_0/φ_K), 0)} (decades above the floor); a diverged run
 * ({@code Φ > 10¹⁰Φ_0} or not finite) gets {@code −log10(Φ_K/Φ_0)}, at most {@code −10}.
 *
 * <h2>Recipes</h2>
 * {@code d ∈ [1, 6]}, {@code S ∈ [d + 2, 30]}, {@code κ = cond(X̄)} log-uniform in {@code [1, 3]}, residual
 * ratio {@code ρ = ‖e^⊥‖/√S ∈ [0.5, 1]}, intercept of the generating weights in {@code [−1, 1]},
 * {@code c ∈ [0.3, 0.9]}, budget 40 000 iterations (see {@link LinearRegressionProblem} for the data, the start
 * and why {@code ρ} and the intercept are bounded). The rate of {@code f} is {@code µ_k b = c·min{κ⁻⁴,
 * h_k/(2κ²)}} per step, so {@code κ} and {@code cond(A*ᵀA*)} (which bounds {@code h_k} from below through
 * Kantorovich's inequality) are kept moderate for the speed budget: over 8 000 random recipes at most 9 643
 * iterations were used, the worst margin was 0.31 decades, and the identity/f-bound/contraction ratios stayed
 * below 0.08 / 0.99999 / 0.99999.
 *
 * <p><b>Finding.</b> The proof's idealised quantity {@code ‖f_{k+1}‖ + ‖A_k ω_{k+1}‖} contracted at every
 * step of every run, but the real {@code Φ_{k+1} = ‖f_{k+1}‖ + ‖A_{k+1} ω_{k+1}‖} rose in isolated steps (once
 * in about 2 000 recipes, by up to 0.6%) because {@code A_{k+1} ≠ A_k}; the drift
 * {@code ‖ξ_{k+1} − A_k ω_{k+1}‖} reached a third of {@code Φ_k}. Convergence was never affected.
 *
 * <h2>Breaking the hypothesis</h2>
 * {@link Breach#FIXED_LARGE_MU}: {@code µ = γ/‖B‖} in every iteration (e.g. {@code γ = 3}: plain gradient
 * descent with a step above {@code 2/λ_max} diverges; with {@code γ ∈ (1, 2)} the run may still converge
 * but {@code q_k > 1} and the contraction (3) fails). {@link Breach#FIXED_NU}: {@code ν = γ/λ_max(A_0ᵀA_0)}
 * fixed instead of line-searched (with {@code γ = 3} the SG regression usually diverges, though not always,
 * since {@code λ_max(A_kᵀA_k)} may shrink below its initial value; the identity (1) fails for any fixed ν).
 * {@link Breach#PRINTED_CONDITION}: the condition as printed; it allows {@code µ‖B‖} above the {@code h/2}
 * the ξ term can absorb, and on 83 of 100 random recipes {@code ρ_k > 1} at some step although 93 of them
 * still converged: the typo matters for the proof, not (usually) for the run. All make the check report
 * failure.
 */
public final class LinearRegressionReachesGlobalOptimum
        implements Check<LinearRegressionReachesGlobalOptimum.Recipe> {

    /** The unit roundoff {@code u = 2⁻⁵³}. */
    private static final double U = 0x1p-53;
    private static final double EPSILON = 0x1p-52;
    private static final double SQRT_EPSILON = Math.sqrt(EPSILON);
    /** {@code Φ > 10¹⁰Φ_0}: diverged. */
    private static final double DIVERGED = 1e10;
    /** The budget of {@link #randomRecipe}. */
    public static final int BUDGET = 40_000;
    /** Largest {@code cond(X̄)} of {@link #randomRecipe}. */
    public static final double MAX_CONDITIONING = 3;

    /** How the hypothesis is broken, if it is. */
    public enum Breach {
        /** Inside the hypothesis: line-searched ν, µ inside the consistent condition. */
        NONE,
        /** {@code µ = size/‖B‖} in every iteration, ignoring the condition. */
        FIXED_LARGE_MU,
        /** {@code ν = size/λ_max(A_0ᵀA_0)} in every iteration instead of the line search. */
        FIXED_NU,
        /**
         * The condition as printed, {@code µ_k = c·min{b/‖B‖², 1 − h_k/2}} ({@code size} ignored): its second term
         * is not the one the proof's inequality needs, so the contraction (3) is not guaranteed.
         */
        PRINTED_CONDITION
    }

    /**
     * @param seed          seed of the data and the start
     * @param features      {@code d ≥ 1}
     * @param samples       {@code S ≥ d + 2} (so the least-squares residual is not forced to 0)
     * @param conditioning  {@code κ = cond(X̄) ≥ 1}
     * @param residualRatio {@code ‖e^⊥‖/√S > 0}
     * @param muFraction    {@code c ∈ (0, 1)}: {@code µ_k = c·min{b/‖B‖², h_k/(2‖B‖)}}
     * @param iterations    budget {@code N ≥ 1}
     * @param breach        {@link Breach#NONE} inside the hypothesis
     * @param breachSize    {@code γ > 0} of a breach (ignored for NONE)
     */
    public record Recipe(long seed, int features, int samples, double conditioning, double residualRatio,
                         double muFraction, int iterations, Breach breach, double breachSize) {
        public Recipe {
            if (features < 1 || samples < features + 2) {
                throw new IllegalArgumentException("need d ≥ 1 and S ≥ d + 2, got d = " + features + ", S = "
                        + samples);
            }
            if (!(conditioning >= 1) || !(residualRatio > 0) || !(muFraction > 0 && muFraction < 1)
                    || iterations < 1) {
                throw new IllegalArgumentException("need κ ≥ 1, ρ > 0, c ∈ (0, 1), N ≥ 1");
            }
            if (breach != Breach.NONE && breach != Breach.PRINTED_CONDITION && !(breachSize > 0)) {
                throw new IllegalArgumentException("a breach needs a positive size");
            }
        }

        /** The same recipe with the hypothesis broken. */
        public Recipe breaking(Breach how, double size) {
            return new Recipe(seed, features, samples, conditioning, residualRatio, muFraction, iterations, how,
                    size);
        }
    }

    @Override
    public String id() {
        return "theorem-1";
    }

    @Override
    public String paperReference() {
        return "Theorem 1 (§4; proof in Supp. B)";
    }

    @Override
    public String statement() {
        return "Linear regression trained through a linear synthetic gradient between output and loss (SG started"
                + " at zero), with the SG step chosen by exact line search and the main step mu_k < min{b/|B|^2,"
                + " h_k/(2|B|)} (the consistent reading of the printed condition), converges to the least-squares"
                + " solution and the SG error vanishes; |f_k| + |xi_k| contracts at every step of the proof.";
    }

    @Override
    public Recipe randomRecipe(RandomGenerator random) {
        int d = 1 + random.nextInt(6);
        int s = d + 2 + random.nextInt(30 - (d + 2) + 1);
        double kappa = StrictMath.exp(random.nextDouble() * StrictMath.log(MAX_CONDITIONING));
        double rho = 0.5 + 0.5 * random.nextDouble();
        double c = 0.3 + 0.6 * random.nextDouble();
        return new Recipe(random.nextLong(), d, s, kappa, rho, c, BUDGET, Breach.NONE, 0);
    }

    @Override
    public Verdict check(Recipe r) {
        LinearRegressionProblem problem = LinearRegressionProblem.build(r.seed(), r.features(), r.samples(),
                r.conditioning(), r.residualRatio());
        LeastSquaresReference reference = LeastSquaresReference.of(problem, r);
        SgRegressionRun run = new SgRegressionRun(problem, reference, U);
        TheoremOneInequalities proof = new TheoremOneInequalities(U);
        Outcome outcome = iterate(r, reference, run, proof);
        double errorW = reference.distanceToSolution(run.weights());
        double tolW = 2 * outcome.floor() / reference.sMin() + reference.forwardErrorBound(U);
        double margin = margin(outcome, proof, tolW, errorW, r.iterations());
        return Verdict.byMargin(margin, r, numbers(r, reference, outcome, proof, errorW, tolW));
    }

    /**
     * How a run ended.
     *
     * @param converged {@code Φ_K ≤ φ_K} with {@code φ_K ≤ √ε Φ_0}
     * @param diverged  {@code Φ_K > 10¹⁰Φ_0} or not finite
     * @param used      {@code K}, the iterations used
     * @param phi0      {@code Φ_0}
     * @param xi0       {@code ‖ξ_0‖}
     * @param phi       {@code Φ_K}
     * @param floor     the rounding floor {@code φ} of the last iterate that reached the step (NaN if none)
     * @param nx        {@code ‖ξ_K‖}
     */
    private record Outcome(boolean converged, boolean diverged, int used, double phi0, double xi0, double phi,
                           double floor, double nx) {
    }

    /** Iterates until convergence to the rounding floor, divergence or the end of the budget. */
    private static Outcome iterate(Recipe r, LeastSquaresReference reference, SgRegressionRun run,
                                   TheoremOneInequalities proof) {
        double fixedNu = Double.NaN;
        double phi0 = Double.NaN;
        double xi0 = Double.NaN;
        double floor = Double.NaN;
        for (int k = 0; ; k++) {
            SgRegressionRun.Iterate at = run.evaluate();
            double phi = at.phi();
            if (k == 0) {
                phi0 = phi;
                xi0 = at.nx();
            }
            if (!Double.isFinite(phi) || phi > DIVERGED * phi0) {
                return new Outcome(false, true, k, phi0, xi0, phi, floor, at.nx());
            }
            proof.checkStepInto(at);
            SgRegressionRun.LineSearch search = run.lineSearch(at);
            if (r.breach() == Breach.FIXED_NU) {
                if (k == 0) {
                    double largest = run.largestSingularValueOfA();
                    fixedNu = r.breachSize() / (largest * largest);
                }
                search = search.withNu(fixedNu);
            }
            double mu = mainStep(r, reference, search.h());
            floor = roundingFloor(at, mu, reference);
            if (phi <= floor) {
                return new Outcome(floor <= SQRT_EPSILON * phi0, false, k, phi0, xi0, phi, floor, at.nx());
            }
            if (k == r.iterations()) {
                return new Outcome(false, false, k, phi0, xi0, phi, floor, at.nx());
            }
            run.stepWeights(mu);
            SgRegressionRun.SgStep sg = run.stepSg(search, at);
            proof.recordStep(at, search, mu, reference.normB(), reference.b(), sg);
        }
    }

    /**
     * {@code µ_k = c·min{b/‖B‖², h_k/(2‖B‖)}} inside the hypothesis; {@code size/‖B‖} or the printed
     * {@code c·min{b/‖B‖², 1 − h_k/2}} when it is broken.
     */
    private static double mainStep(Recipe r, LeastSquaresReference reference, double h) {
        double normB = reference.normB();
        double b = reference.b();
        return switch (r.breach()) {
            case FIXED_LARGE_MU -> r.breachSize() / normB;
            case PRINTED_CONDITION -> r.muFraction() * Math.min(b / (normB * normB), 1 - h / 2);
            default -> r.muFraction() * Math.min(b / (normB * normB), h / (2 * normB));
        };
    }

    /**
     * {@code φ_k}: the rounding of the computed {@code ‖f‖} and {@code ‖ξ‖}, plus the size below which an update
     * of {@code W} is absorbed by the rounding of {@code W}.
     */
    private static double roundingFloor(SgRegressionRun.Iterate at, double mu, LeastSquaresReference reference) {
        return at.roundF() + at.roundXi() + 4 * U * at.normW() / (mu * reference.sMin());
    }

    /** The margin in decades, positive iff the statement held (scale in the derivation). */
    private static double margin(Outcome outcome, TheoremOneInequalities proof, double tolW, double errorW,
                                 int budget) {
        double margin;
        if (outcome.diverged()) {
            margin = Double.isFinite(outcome.phi()) ? -StrictMath.log10(outcome.phi() / outcome.phi0()) : -300;
        } else if (!outcome.converged()) {
            margin = Math.min(StrictMath.log10(outcome.floor() / outcome.phi()),
                    StrictMath.log10(SQRT_EPSILON * outcome.phi0() / outcome.floor()));
            margin = Math.min(margin, 0);
        } else if (proof.anyViolated()) {
            margin = -StrictMath.log10(proof.worstRatio());
        } else {
            margin = Math.min(StrictMath.log10(tolW / errorW),
                    StrictMath.log10((budget + 1.0) / (outcome.used() + 1.0)));
        }
        return Double.isNaN(margin) ? -300 : margin;
    }

    private static Map<String, Double> numbers(Recipe r, LeastSquaresReference reference, Outcome outcome,
                                               TheoremOneInequalities proof, double errorW, double tolW) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("d", (double) r.features());
        numbers.put("S", (double) r.samples());
        numbers.put("cond(Xbar)", reference.kappa());
        numbers.put("b = sigma_min^2", reference.b());
        numbers.put("|B| = sigma_max^2", reference.normB());
        numbers.put("iterations used", (double) outcome.used());
        numbers.put("budget", (double) r.iterations());
        numbers.put("converged", outcome.converged() ? 1.0 : 0.0);
        numbers.put("diverged", outcome.diverged() ? 1.0 : 0.0);
        numbers.put("Phi_0 = |f_0| + |xi_0|", outcome.phi0());
        numbers.put("Phi_K", outcome.phi());
        numbers.put("rounding floor phi_K", outcome.floor());
        numbers.put("|W_K - W*|", errorW);
        numbers.put("tolerance on |W_K - W*|", tolW);
        numbers.put("|xi_K| / |xi_0|", outcome.nx() / outcome.xi0());
        numbers.put("min h_k", proof.minH());
        numbers.put("min mu_k |B|", proof.minMuNormB());
        numbers.put("max rho_k (proof's contraction factor)", proof.maxRho());
        numbers.put("worst line-search identity error / allowance", proof.worstIdentity());
        numbers.put("worst f-bound lhs / rhs", proof.worstFBound());
        numbers.put("worst contraction lhs / rhs", proof.worstContraction());
        numbers.put("max |xi_{k+1} - A_k omega_{k+1}| / Phi_k (A_{k+1} = A_k gap)", proof.maxDrift());
        numbers.put("steps where the actual Phi rose", (double) proof.actualRises());
        numbers.put("max actual Phi_{k+1} / Phi_k", proof.maxActualRatio());
        return numbers;
    }
}
