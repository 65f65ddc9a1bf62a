package org.errorprop.framework.testing;

import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import org.ejml.data.DMatrixRMaj;

/**
 * Central finite differences and the one tolerance every gradient check in this test tree uses.
 *
 * <h2>Error of a central difference, and the tolerance derived from it</h2>
 *
 * Let {@code ε = 2⁻⁵²} (the spacing of doubles at 1, {@link #EPSILON}). For a C³ function {@code f}
 * the central difference
 * <pre>  D(h) = (f(x+h) − f(x−h)) / (2h) = f'(x) + h²·f'''(ξ)/6          (Taylor, ξ ∈ [x−h, x+h])</pre>
 * has <b>truncation error</b> at most {@code h²·|f'''|/6}. In floating point each evaluation of
 * {@code f} carries an absolute error {@code δ ≤ κ·ε·F}, where {@code F} is the magnitude of the
 * quantities summed to form {@code f} (for {@code f = Σ R∘y}: {@code Σ|R||y|}) and {@code κ} is the
 * number of roundings that can reach the result; the two errors can add, and are divided by
 * {@code 2h}, giving a <b>rounding error</b> of at most {@code δ/h}. The step {@code x±h} itself is
 * not rounded away: the difference is divided by the stored {@code fl(x+h) − fl(x−h)}, which is exact
 * (Sterbenz) or within one rounding. So
 * <pre>  |D̃ − f'(x)| ≤ h²·|f'''|/6 + κ·ε·F/h.</pre>
 * Balancing the two terms gives {@code h ∝ ε^(1/3)}; we take {@code h = ε^(1/3)·s} with
 * {@code s = max(1, |x|)} ({@link #STEP} {@code ≈ 6.06e-6}), which makes both terms of order
 * {@code ε^(2/3) ≈ 3.67e-11}:
 * <pre>  |D̃ − f'(x)| ≤ ε^(2/3) · (s²·|f'''|/6 + κ·F/s).</pre>
 * In every check here the inputs and parameters satisfy {@code |x| ≤ 2} (so {@code s ≤ 2}),
 * {@code |f'''| ≤ 10³} (the worst case is BatchNorm, whose third derivative grows like
 * {@code 1/σ³}; the checks keep every normalised column's batch standard deviation {@code σ ≥ 0.1})
 * and {@code κ·F ≤ 1.5·10⁴} (at most 42 entries of magnitude at most ~8 to ~15, and at most a few
 * dozen roundings per entry; stated at each use). That bounds the error by
 * {@code 3.67e-11 · (4·10³/6 + 1.5·10⁴) ≈ 5.7e-7}. The analytic gradient has its own rounding error
 * of order {@code κ·ε·|f'|}, far below that. Hence the comparison
 * <pre>  |analytic − numeric| ≤ {@link #TOLERANCE} · max(1, |analytic|, |numeric|),   TOLERANCE = 1e-6,</pre>
 * where the floor 1 reflects that the bound is absolute, and the relative part covers large
 * gradients (for which {@code F} and {@code f'''} scale along). The margin over the worst-case
 * bound is about 1.75×; the errors actually observed are far smaller, at most about 1.1e-8 in
 * every check of this test tree when it was written (measured then, not tracked at run time),
 * because roundings do not all align. A real bug, such as a gradient off by 1 % or a missing factor, is
 * 10⁴ times the tolerance, which is what the negative tests show.
 */
public final class FiniteDifferences {
    /** {@code 2⁻⁵²}. */
    public static final double EPSILON = 0x1p-52;
    /** {@code ε^(1/3) ≈ 6.06e-6}, the step for a variable of magnitude at most 1. */
    public static final double STEP = Math.cbrt(EPSILON);
    /** Relative tolerance with an absolute floor of 1; derived in the class comment. */
    public static final double TOLERANCE = 1e-6;

    private FiniteDifferences() {
    }

    /** The step {@code ε^(1/3)·max(1, |x|)} for a variable currently equal to {@code x}. */
    public static double step(double x) {
        return STEP * Math.max(1.0, Math.abs(x));
    }

    /**
     * The gradient of the scalar {@code f = Σ weights ∘ output.get()} with respect to every entry of
     * {@code variable}, by central differences, one entry at a time. {@code variable} is changed in
     * place while {@code output} is evaluated and restored exactly afterwards.
     *
     * <p>The difference {@code f(x+h) − f(x−h)} is formed as {@code Σ weights ∘ (y₊ − y₋)}, so the
     * rounding error of summing {@code f} itself (which would scale with {@code |f|}) does not enter;
     * only the rounding errors of the individual outputs do.
     *
     * @param output evaluates the function; may return a workspace it reuses (it is copied)
     */
    public static DMatrixRMaj gradientOfWeightedOutput(DMatrixRMaj variable, Supplier<DMatrixRMaj> output,
                                                       DMatrixRMaj weights) {
        DMatrixRMaj gradient = new DMatrixRMaj(variable.numRows, variable.numCols);
        double[] v = variable.data;
        for (int i = 0, n = variable.getNumElements(); i < n; i++) {
            double x = v[i];
            double h = step(x);
            v[i] = x + h;
            double plusAt = v[i];
            DMatrixRMaj plus = output.get().copy();
            v[i] = x - h;
            double minusAt = v[i];
            DMatrixRMaj minus = output.get();
            v[i] = x;
            requireShape(weights, plus);
            double difference = 0;
            for (int j = 0, m = plus.getNumElements(); j < m; j++) {
                difference += weights.data[j] * (plus.data[j] - minus.data[j]);
            }
            gradient.data[i] = difference / (plusAt - minusAt);
        }
        output.get(); // leave whatever the function caches in the state of the unperturbed point
        return gradient;
    }

    /** The gradient of a scalar objective with respect to every entry of {@code variable}; see above. */
    public static DMatrixRMaj gradient(DMatrixRMaj variable, DoubleSupplier objective) {
        DMatrixRMaj gradient = new DMatrixRMaj(variable.numRows, variable.numCols);
        double[] v = variable.data;
        for (int i = 0, n = variable.getNumElements(); i < n; i++) {
            double x = v[i];
            double h = step(x);
            v[i] = x + h;
            double plusAt = v[i];
            double plus = objective.getAsDouble();
            v[i] = x - h;
            double minusAt = v[i];
            double minus = objective.getAsDouble();
            v[i] = x;
            gradient.data[i] = (plus - minus) / (plusAt - minusAt);
        }
        return gradient;
    }

    /** {@code |a − b| ≤ TOLERANCE · max(1, |a|, |b|)}. */
    public static boolean close(double a, double b) {
        return Math.abs(a - b) <= TOLERANCE * scale(a, b);
    }

    /**
     * Throws {@link AssertionError} naming the first entry where {@code analytic} and {@code numeric}
     * are not {@link #close}, or where shapes differ or a value is not finite.
     */
    public static void assertClose(String what, DMatrixRMaj analytic, DMatrixRMaj numeric) {
        if (analytic.numRows != numeric.numRows || analytic.numCols != numeric.numCols) {
            throw new AssertionError(what + ": analytic gradient is " + analytic.numRows + "x" + analytic.numCols
                    + ", numeric " + numeric.numRows + "x" + numeric.numCols);
        }
        for (int i = 0, n = analytic.getNumElements(); i < n; i++) {
            double a = analytic.data[i];
            double b = numeric.data[i];
            if (!Double.isFinite(a) || !Double.isFinite(b) || !close(a, b)) {
                throw new AssertionError(String.format(java.util.Locale.ROOT,
                        "%s: entry (%d,%d) analytic %.17g vs central difference %.17g, |diff| %.3g > %.1g * %.3g",
                        what, i / analytic.numCols, i % analytic.numCols, a, b, Math.abs(a - b), TOLERANCE,
                        scale(a, b)));
            }
        }
    }

    private static double scale(double a, double b) {
        return Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
    }

    private static void requireShape(DMatrixRMaj weights, DMatrixRMaj output) {
        if (weights.numRows != output.numRows || weights.numCols != output.numCols) {
            throw new IllegalArgumentException("weights are " + weights.numRows + "x" + weights.numCols
                    + " but the output is " + output.numRows + "x" + output.numCols);
        }
    }
}
