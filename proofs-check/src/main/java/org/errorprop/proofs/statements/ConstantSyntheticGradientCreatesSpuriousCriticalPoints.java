package org.errorprop.proofs.statements;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.errorprop.proofs.Check;
import org.errorprop.proofs.Verdict;

/**
 * Supplementary A (end of §3; PAPER.md 2.3): a synthetic gradient that cannot approximate the true gradient
 * creates critical points the original problem does not have, and training stops there. Checked on
 * {@code L(a, b) = Σ|a·x_i + b|} with a constant SG: statically at {@code (a₀, 0, 0)} and dynamically against
 * subgradient descent; the verdict holds when the failure is observed. The derivation of the radius, the
 * budget and the stationarity tolerance, and the breach ({@link Synthesizer#AFFINE_IN_H}):
 * <a href="../../../../../../../../paper-notes/derivations/supp-a-spurious-critical-points.md">
 * paper-notes/derivations/supp-a-spurious-critical-points.md</a>.
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
