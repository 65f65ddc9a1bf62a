package org.errorprop.proofs.statements;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.errorprop.proofs.Check;
import org.errorprop.proofs.Verdict;

/**
 * Supplementary A of the paper (end of §3; PAPER.md 2.3): a synthetic gradient whose hypothesis space
 * cannot approximate the true gradient creates critical points that the original problem does not have,
 * and training with it stops there.
 *
 * <h2>The problem</h2>
 * Data {@code x ∈ {−2, −1, 1, 2}}, model {@code h_i = a·x_i + b}, loss {@code L(a, b) = Σ_i |h_i|}, whose
 * unique minimum is {@code a = b = 0}. The per-sample true gradient is {@code ∂L_i/∂h_i = sign(h_i)}
 * ({@code sign(0) = 0}, an element of the subdifferential). The synthetic gradient of the paper is one
 * trainable scalar {@code c}, the same for every sample ({@link Synthesizer#CONSTANT}), trained on
 * {@code L_SG = Σ_i (c − sign(h_i))²}. The SG system updates
 * <pre>
 *   (a, b) ← (a, b) − η Σ_i SG_i·(x_i, 1)          (the SG replaces ∂L_i/∂h_i; ∂h_i/∂(a, b) = (x_i, 1))
 *   c      ← c − ν_eff ∂L_SG/∂c,  ∂L_SG/∂c = 2 Σ_i (SG_i − sign(h_i))
 * </pre>
 * simultaneously, from the same state. Because {@code Σ x_i = 0}, a constant SG never moves {@code a}:
 * {@code Σ_i c·x_i = 0}.
 *
 * <h2>What is checked</h2>
 * <ol>
 *   <li><b>Static.</b> At {@code (a₀, b = 0, c = 0)} the SG system's vector field (the SG update of
 *   {@code (a, b)} and {@code ∂L_SG/∂c}) is zero, while the original problem's gradient there is
 *   {@code (Σ sign(a₀x_i)x_i, Σ sign(a₀x_i)) = (6·sign a₀, 0)}, of norm 6: the point is SG-critical but
 *   not critical for {@code L} (every {@code h_i ≠ 0}, so {@code L} is differentiable there).</li>
 *   <li><b>Dynamic.</b> From the recipe's start {@code (a₀, b₀, c₀)}, plain subgradient descent on
 *   {@code L} with step {@code η} ends within the radius {@code R} of the minimum (bound below), while the
 *   SG system, with the same {@code η} and the SG step {@code ν}, ends at a point that is stationary for
 *   the SG system (vector field ≤ {@code √ε·‖∂L‖}), that has {@code |a| > R}, and at which the smallest
 *   subgradient of {@code L} is non-zero.</li>
 * </ol>
 * The statement asserts a failure of SG, so the verdict <em>holds</em> when that failure is observed.
 *
 * <h2>Where subgradient descent ends, and the budget (the derivation)</h2>
 * {@code L} is a norm on {@code (a, b)} (the {@code x_i} are distinct), convex and piecewise linear. Let
 * {@code G = Σ_i ‖(x_i, 1)‖} bound every subgradient and {@code m = min_{‖θ‖ = 1} L(θ)} be its sharpness;
 * on the unit circle {@code L} is {@code ‖v‖·cos(t − t_v)} between consecutive kinks, concave there, so the
 * minimum is at a kink direction {@code (1, −x_j)}: {@code m = min_j L(1, −x_j)/√(1 + x_j²)} (= 8/√5 for
 * this data). With {@code g_k} a subgradient and convexity {@code ⟨g_k, θ_k⟩ ≥ L(θ_k) ≥ m‖θ_k‖}:
 * <pre>
 *   ‖θ_{k+1}‖² ≤ ‖θ_k‖² − 2ηm‖θ_k‖ + η²G².
 * </pre>
 * So while {@code ‖θ_k‖ > R = η(G²/(2m) + G)} the squared distance drops by at least {@code 2η²mG}, and the
 * ball of radius {@code R} is invariant (inside {@code ηG²/(2m)} one step adds at most {@code ηG}; between
 * that and {@code R} the distance decreases). Hence after {@code N = ⌈‖θ₀‖²/(2η²mG)⌉ + 1} steps,
 * {@code ‖θ_N‖ ≤ R}: this is the iteration budget of both runs, and {@code R} is the threshold
 * {@code |a_SG|} must exceed to count as "away from the minimum".
 *
 * <h2>Stationarity tolerance</h2>
 * The SG system is called stationary when the Euclidean norm of its vector field (SG update of
 * {@code (a, b)} and the gradient of {@code L_SG} with respect to the SG's parameters) is at most
 * {@code √ε·g} with {@code ε = 2⁻⁵²} and {@code g} the norm of the smallest subgradient of {@code L} at
 * the same point: relative to the size of the original problem's gradient there, the SG's field is at
 * the usual half-precision termination level. The SG system is run until it is stationary in this sense,
 * up to a cap of ten times the sum of three phase lengths: the subgradient budget {@code N}, the time
 * {@code |b₀|/η} for {@code b} to travel to the band where the signs balance at unit speed, and the time for
 * {@code c} to decay by {@code (1 − 8ν)} per step from {@code max(1, |c₀|)} (it stays in that range: each
 * step is a convex combination of {@code c} and {@code Σ sign(h_i)/4 ∈ [−1, 1]}) to the tolerance. If it
 * is not stationary at the cap, the verdict fails. The set of SG-stationary points is in fact the band
 * {@code |b| < |a|, c = 0} (the signs at {@code x = ±1, ±2} balance there), of which the paper's
 * {@code b = 0} is the centre line; the SG run stops somewhere in that band, not necessarily at
 * {@code b = 0} (Figure 6 draws the set of SG critical points as a line in the {@code (a, b)} plane).
 *
 * <h2>Margin</h2>
 * The smallest of the relative slacks {@link Verdict#aboveMargin}/{@link Verdict#belowMargin} of: the
 * static field against the tolerance, the SG run's iterations against its cap (if it became stationary;
 * otherwise its final field against the tolerance, negative), the final {@code |a_SG|} above {@code R}, and
 * the final subgradient-descent distance {@code ‖θ_GD‖} below {@code R}. It is positive iff all four
 * hold. The {@code |a_SG|} and {@code ‖θ_GD‖} slacks are the informative ones; the worst margin over 600
 * random recipes was about 0.6.
 *
 * <p>The recipe holds every number explicitly, so it has no seed: the check draws nothing at random.
 *
 * <h2>Breaking the hypothesis</h2>
 * The statement needs an SG hypothesis space without a good approximator of the true gradient.
 * {@link Synthesizer#AFFINE_IN_H}, {@code SG_i = c₀ + c₁·h_i} (the paper's linear SG {@code hA + C} for this
 * label-free problem), removes that: at a stationary SG the residual {@code sign(h) − SG} is orthogonal to
 * the features {@code 1} and {@code h = a·x + b}, which span the Jacobian columns {@code x} and {@code 1}
 * when {@code a ≠ 0}, so the SG update equals the true gradient there and the SG-critical points are
 * original critical points (Proposition 1's mechanism). The check then reports no spurious point. The
 * static point is not SG-stationary ({@code ∂L_SG/∂c₁ = −12|a₀|}). In training, the SG update of
 * {@code a} is {@code −η·10·c₁·a} (once {@code c₀}'s terms cancel), with {@code c₁ > 0} learnt from
 * {@code Σ sign(h_i)h_i > 0}, so {@code a} contracts towards 0; in all our runs it ended inside the radius
 * {@code R}. (This is observed, not proven: the affine SG makes {@code a} hover near 0 like a subgradient
 * method.) The SG step is normalised, {@code ν_eff = ν/(1 + Σ_i h_i²/4)}. The Hessian of {@code L_SG} is
 * {@code 2·[[4, Σh], [Σh, Σh²]]}, with largest eigenvalue at most its trace {@code 8(1 + Σh²/4)}, so the
 * SG's regression is stable for {@code ν < 1/4} with either feature set. For the constant SG,
 * {@code ν_eff = ν} and the curvature is 8.
 */
public final class ConstantSyntheticGradientCreatesSpuriousCriticalPoints
        implements Check<ConstantSyntheticGradientCreatesSpuriousCriticalPoints.Recipe> {

    /** The data of Supp. A. */
    static final double[] XS = {-2, -1, 1, 2};

    private static final double EPSILON = 0x1p-52;
    private static final double SQRT_EPSILON = Math.sqrt(EPSILON);

    /** The synthesizer's hypothesis space. */
    public enum Synthesizer {
        /** {@code SG_i = c}: the paper's counter-example. */
        CONSTANT,
        /** {@code SG_i = c₀ + c₁·h_i}: can represent the true gradient's projection; breaks the hypothesis. */
        AFFINE_IN_H
    }

    /**
     * @param a0          start of {@code a}, {@code |a0| ∈ [0.5, 2]} in random recipes
     * @param b0          start of {@code b}, in {@code [−2, 2]}
     * @param c0          start of the SG's constant {@code c} (and {@code c₀} for the affine SG; {@code c₁}
     *                    starts at 0), in {@code [−1, 1]}
     * @param step        {@code η}, the main step, in {@code [0.002, 0.02]}
     * @param sgStep      {@code ν}, the SG step, in {@code [0.02, 0.1]} (stable below 1/4)
     * @param synthesizer {@link Synthesizer#CONSTANT} inside the hypothesis
     */
    public record Recipe(double a0, double b0, double c0, double step, double sgStep, Synthesizer synthesizer) {
        public Recipe {
            if (!(step > 0) || !(sgStep > 0) || !(sgStep < 0.25)) {
                throw new IllegalArgumentException("need step > 0 and 0 < sgStep < 1/4: " + step + ", " + sgStep);
            }
        }

        /** The same recipe with another synthesizer. */
        public Recipe with(Synthesizer other) {
            return new Recipe(a0, b0, c0, step, sgStep, other);
        }
    }

    @Override
    public String id() {
        return "supp-a-spurious-critical-points";
    }

    @Override
    public String paperReference() {
        return "§3 (end) and Supplementary A, Figure 6";
    }

    @Override
    public String statement() {
        return "On data {-2,-1,1,2} with f(x) = a x + b and loss sum |a x_i + b|, a constant synthetic gradient c"
                + " makes (a, b = 0, c = 0) a critical point of the SG system for any a, although the original"
                + " problem is critical only at a = b = 0; trained from a generic start, the SG system stops at"
                + " such a spurious point (a away from 0, c = 0) while subgradient descent with the same step"
                + " reaches the minimum.";
    }

    @Override
    public Recipe randomRecipe(RandomGenerator random) {
        double a0 = (random.nextBoolean() ? 1 : -1) * (0.5 + 1.5 * random.nextDouble());
        double b0 = -2 + 4 * random.nextDouble();
        double c0 = -1 + 2 * random.nextDouble();
        double step = 0.002 * Math.pow(10, random.nextDouble());
        double sgStep = 0.02 + 0.08 * random.nextDouble();
        return new Recipe(a0, b0, c0, step, sgStep, Synthesizer.CONSTANT);
    }

    @Override
    public Verdict check(Recipe recipe) {
        double eta = recipe.step();
        double radius = convergenceRadius(eta);
        long budget = subgradientBudget(recipe.a0(), recipe.b0(), eta);

        // Static: (a0, 0) with the SG's parameters at zero.
        double staticField = sgField(recipe.synthesizer(), recipe.a0(), 0, 0, 0);
        double staticGradient = smallestSubgradientNorm(recipe.a0(), 0);
        double staticTolerance = SQRT_EPSILON * staticGradient;

        // Plain subgradient descent.
        double[] ab = {recipe.a0(), recipe.b0()};
        for (long k = 0; k < budget; k++) {
            subgradientStep(ab, eta);
        }
        double gdDistance = Math.hypot(ab[0], ab[1]);

        // The SG system, run until it is stationary (or the cap).
        long cap = sgIterationCap(recipe.a0(), recipe.b0(), recipe.c0(), eta, recipe.sgStep());
        double[] state = {recipe.a0(), recipe.b0(), recipe.c0(), 0};
        long sgIterations = 0;
        double sgField = sgField(recipe.synthesizer(), state[0], state[1], state[2], state[3]);
        double sgGradient = smallestSubgradientNorm(state[0], state[1]);
        while (sgIterations < cap && !(sgField <= SQRT_EPSILON * sgGradient)) {
            sgStep(recipe.synthesizer(), state, eta, recipe.sgStep());
            sgIterations++;
            sgField = sgField(recipe.synthesizer(), state[0], state[1], state[2], state[3]);
            sgGradient = smallestSubgradientNorm(state[0], state[1]);
        }
        double sgA = state[0];
        double sgB = state[1];
        double sgTolerance = SQRT_EPSILON * sgGradient;

        double staticMargin = sgMarginBelow(staticField, staticTolerance);
        // Stopped before the cap means stationary by construction; the slack is the unused part of the cap.
        double finalFieldMargin = sgField <= sgTolerance ? Verdict.belowMargin(sgIterations, cap)
                : sgMarginBelow(sgField, sgTolerance);
        double awayMargin = Verdict.aboveMargin(Math.abs(sgA), radius);
        double gdMargin = Verdict.belowMargin(gdDistance, radius);
        double margin = Math.min(Math.min(staticMargin, finalFieldMargin), Math.min(awayMargin, gdMargin));

        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("static SG field at (a0, 0, 0)", staticField);
        numbers.put("original gradient norm at (a0, 0)", staticGradient);
        numbers.put("subgradient descent iterations", (double) budget);
        numbers.put("SG iterations until stationary (cap " + cap + ")", (double) sgIterations);
        numbers.put("radius R = eta(G^2/2m + G)", radius);
        numbers.put("subgradient descent final |(a, b)|", gdDistance);
        numbers.put("SG final a", sgA);
        numbers.put("SG final b", sgB);
        numbers.put("SG final c", state[2]);
        numbers.put("SG final c1 (affine only)", state[3]);
        numbers.put("SG final field", sgField);
        numbers.put("original smallest subgradient at SG final point", sgGradient);
        numbers.put("margin |a_SG| above R", awayMargin);
        return Verdict.byMargin(margin, recipe, numbers);
    }

    /** {@code belowMargin} that also accepts a zero limit (then a zero value is taken as failing). */
    private static double sgMarginBelow(double value, double limit) {
        return limit > 0 ? Verdict.belowMargin(value, limit) : -1;
    }

    /** {@code L(a, b) = Σ_i |a·x_i + b|}, the original loss. */
    public static double loss(double a, double b) {
        double sum = 0;
        for (double x : XS) {
            sum += Math.abs(a * x + b);
        }
        return sum;
    }

    /** One step of plain subgradient descent on {@code L} with step {@code eta}; {@code ab = (a, b)}. */
    public static void subgradientStep(double[] ab, double eta) {
        double ga = 0;
        double gb = 0;
        for (double x : XS) {
            double s = Math.signum(ab[0] * x + ab[1]);
            ga += s * x;
            gb += s;
        }
        ab[0] -= eta * ga;
        ab[1] -= eta * gb;
    }

    /**
     * The radius {@code R = η(G²/(2m) + G)} that subgradient descent with step {@code eta} enters and stays
     * in (derived in the type's documentation); "a ≠ 0" for the SG run means {@code |a| > R}.
     */
    public static double convergenceRadius(double eta) {
        double g = subgradientBound();
        return eta * (g * g / (2 * sharpness()) + g);
    }

    /**
     * Whether the SG system is stationary at {@code state = (a, b, c₀, c₁)} in the sense of the type's
     * documentation: its vector field is at most {@code √ε} times the smallest subgradient of {@code L} there.
     */
    public static boolean sgStationary(Synthesizer synthesizer, double[] state) {
        return sgField(synthesizer, state[0], state[1], state[2], state[3])
                <= SQRT_EPSILON * smallestSubgradientNorm(state[0], state[1]);
    }

    /**
     * {@code N = ⌈‖θ₀‖²/(2η²mG)⌉ + 1}: after this many subgradient steps from {@code (a0, b0)} the iterate is
     * within {@link #convergenceRadius} of the minimum (derived in the type's documentation).
     */
    public static long subgradientBudget(double a0, double b0, double eta) {
        return (long) Math.ceil((a0 * a0 + b0 * b0) / (2 * eta * eta * sharpness() * subgradientBound())) + 1;
    }

    /**
     * How long the SG system may run before it counts as not stationary: ten times the sum of the
     * subgradient budget, the time {@code |b₀|/η} for {@code b} to reach the band, and the time for {@code c}
     * to decay by {@code (1 − 8ν)} per step from {@code max(1, |c₀|)} to the tolerance (derived in the type's
     * documentation).
     */
    public static long sgIterationCap(double a0, double b0, double c0, double eta, double nu) {
        long settle = (long) Math.ceil(Math.log(2 * Math.max(1, Math.abs(c0)) / SQRT_EPSILON)
                / -Math.log1p(-8 * nu));
        return 10 * (subgradientBudget(a0, b0, eta) + (long) Math.ceil(Math.abs(b0) / eta) + settle);
    }

    /** One simultaneous step of the SG system; {@code state = (a, b, c₀, c₁)}. */
    public static void sgStep(Synthesizer synthesizer, double[] state, double eta, double nu) {
        double a = state[0];
        double b = state[1];
        double c0 = state[2];
        double c1 = synthesizer == Synthesizer.AFFINE_IN_H ? state[3] : 0;
        double updateA = 0;
        double updateB = 0;
        double gradC0 = 0;
        double gradC1 = 0;
        double sumH2 = 0;
        for (double x : XS) {
            double h = a * x + b;
            double sg = c0 + c1 * h;
            double residual = sg - Math.signum(h);
            updateA += sg * x;
            updateB += sg;
            gradC0 += 2 * residual;
            gradC1 += 2 * residual * h;
            sumH2 += h * h;
        }
        double nuEff = synthesizer == Synthesizer.AFFINE_IN_H ? nu / (1 + sumH2 / 4) : nu;
        state[0] = a - eta * updateA;
        state[1] = b - eta * updateB;
        state[2] = c0 - nuEff * gradC0;
        if (synthesizer == Synthesizer.AFFINE_IN_H) {
            state[3] = c1 - nuEff * gradC1;
        }
    }

    /**
     * Euclidean norm of the SG system's vector field at {@code (a, b, c₀, c₁)}: the SG update of
     * {@code (a, b)} and the gradient of {@code L_SG} with respect to the SG's own parameters.
     */
    public static double sgField(Synthesizer synthesizer, double a, double b, double c0, double c1) {
        boolean affine = synthesizer == Synthesizer.AFFINE_IN_H;
        double updateA = 0;
        double updateB = 0;
        double gradC0 = 0;
        double gradC1 = 0;
        for (double x : XS) {
            double h = a * x + b;
            double sg = c0 + (affine ? c1 * h : 0);
            double residual = sg - Math.signum(h);
            updateA += sg * x;
            updateB += sg;
            gradC0 += 2 * residual;
            gradC1 += 2 * residual * h;
        }
        double sum = updateA * updateA + updateB * updateB + gradC0 * gradC0 + (affine ? gradC1 * gradC1 : 0);
        return Math.sqrt(sum);
    }

    /**
     * Norm of the smallest subgradient of {@code L} at {@code (a, b)}. Terms with {@code h_i ≠ 0} contribute
     * {@code sign(h_i)(x_i, 1)}; a term with {@code h_i = 0} contributes {@code s(x_i, 1)} for any
     * {@code s ∈ [−1, 1]}. With distinct {@code x_i}, at most one {@code h_i} vanishes unless
     * {@code a = b = 0} (where 0 is a subgradient), so one clamped projection is exact.
     */
    public static double smallestSubgradientNorm(double a, double b) {
        if (a == 0 && b == 0) {
            return 0;
        }
        double ga = 0;
        double gb = 0;
        double zeroX = Double.NaN;
        for (double x : XS) {
            double h = a * x + b;
            if (h == 0) {
                zeroX = x;
            } else {
                ga += Math.signum(h) * x;
                gb += Math.signum(h);
            }
        }
        if (!Double.isNaN(zeroX)) {
            double s = -(ga * zeroX + gb) / (zeroX * zeroX + 1);
            s = Math.max(-1, Math.min(1, s));
            ga += s * zeroX;
            gb += s;
        }
        return Math.hypot(ga, gb);
    }

    /** {@code G = Σ_i ‖(x_i, 1)‖}, a bound on every subgradient's norm. */
    static double subgradientBound() {
        double sum = 0;
        for (double x : XS) {
            sum += Math.hypot(x, 1);
        }
        return sum;
    }

    /** {@code m = min_{‖θ‖=1} L(θ)}, attained at a kink direction {@code (1, −x_j)}. */
    static double sharpness() {
        double best = Double.POSITIVE_INFINITY;
        for (double xj : XS) {
            double loss = 0;
            for (double x : XS) {
                loss += Math.abs(x - xj);
            }
            best = Math.min(best, loss / Math.hypot(1, xj));
        }
        return best;
    }
}
