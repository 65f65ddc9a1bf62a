package org.errorprop.proofs.statements;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.errorprop.proofs.Check;
import org.errorprop.proofs.Verdict;

/**
 * Theorem 1 (§4, proof in Supp. B; PAPER.md 2.6), the paper's main result: linear regression trained
 * through a linear SG between its output and the loss, with the SG step by exact line search and a small
 * enough main step, converges to the least-squares solution. The proof's inequalities are checked at every
 * iteration ({@link TheoremOneInequalities}) and the end point against EJML ({@link LeastSquaresReference}).
 * The set-up, the step condition's typo, the rounding floor, the margin and the breaches ({@link Breach}):
 * <a href="../../../../../../../../paper-notes/derivations/theorem-1.md">paper-notes/derivations/theorem-1.md</a>.
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
