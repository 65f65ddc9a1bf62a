package org.errorprop.methods.synthetic;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.methods.contract.Rig;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parameter gradients that {@code fit} leaves in {@link SigmoidSynthesizer} ({@code SG = d ∘ σ(hA) + yB + C})
 * and {@link LabelOnlySynthesizer} ({@code SG = yB + C}), against central differences of the loss that
 * {@code fit} reports, {@code L = (1/n) Σ_r ‖SG_r − t_r‖²}, computed from {@code predict}; and the SGD step
 * that {@code fit} then takes ({@code θ − η g}, bit for bit).
 *
 * <p>Each check follows a first {@code fit} on other data, so a gradient that is accumulated into instead of
 * overwritten, or not written at all, carries the first batch's value and fails.
 *
 * <p><b>Tolerances.</b> Every parameter value is a multiple of {@code 2⁻¹⁰} in {@code [−1, 1]} and the steps are
 * powers of two, so {@code x ± s} are exact and the offsets symmetric. Along one coordinate of {@code B},
 * {@code C} or {@code d}, {@code SG} is affine and {@code L} is a quadratic: its central difference is exact
 * for any step (step 1 here), and the only error is rounding, {@code (E₊ + E₋)/2s}, with {@code E} the bound
 * of {@link #lossRounding} on the computed loss. Along {@code A_ij}, {@code L} is smooth but not polynomial:
 * the truncation error is at most {@code s²/6 · sup|L'''|}, bounded in {@link #thirdDerivativeAlongA} from
 * {@code |σ'| ≤ 1/4}, {@code |σ''| ≤ 1/(6√3)}, {@code |σ'''| ≤ 1/8}; with {@code s = 2⁻¹²} it is about
 * {@code 10⁻⁸}. The analytic side is within {@code γ_n Σ|terms|} of exact (a sum of {@code n} products),
 * added to the tolerance. A missing product, factor or zeroing is {@code O(10⁻¹)}; a claimed gradient off by
 * {@code 10⁻⁵} relative is caught (tested below).
 */
class SynthesizerFitGradientTest {
    private static final Compute COMPUTE = Compute.sequential();

    /** Unit roundoff of float64, {@code 2⁻⁵³}. */
    private static final double U = Rig.EPS / 2;
    private static final int WIDTH = 3;
    private static final int LABELS = 2;
    private static final int BATCH = 5;
    private static final double LEARNING_RATE = 0.125;
    private static final double STEP_A = 0x1p-12;
    private static final double STEP_AFFINE = 1.0;

    /** {@code γ_k = k u / (1 − k u)}, Higham's bound for {@code k} rounded operations. */
    private static double gamma(int k) {
        return k * U / (1 - k * U);
    }

    /** Entries that are multiples of {@code 2⁻¹⁰} in {@code [−1, 1]}: moved by a power-of-two step, they stay exact. */
    private static DMatrixRMaj dyadic(int rows, int cols, SplittableRandom random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] = random.nextInt(-1024, 1025) / 1024.0;
        }
        return m;
    }

    private static void randomizeDyadic(List<Parameter> parameters, SplittableRandom random) {
        for (Parameter p : parameters) {
            DMatrixRMaj v = dyadic(p.value().numRows, p.value().numCols, random);
            System.arraycopy(v.data, 0, p.value().data, 0, v.getNumElements());
        }
    }

    private static Parameter named(Synthesizer s, String suffix) {
        return s.parameters().stream().filter(p -> p.name().endsWith(suffix)).findFirst().orElseThrow();
    }

    /** The batch of one check: activations, labels, targets. */
    private record Batch(DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj t) {
        static Batch random(SplittableRandom random) {
            DMatrixRMaj y = new DMatrixRMaj(BATCH, LABELS);
            for (int r = 0; r < BATCH; r++) {
                y.set(r, random.nextInt(LABELS), 1.0);
            }
            return new Batch(dyadic(BATCH, WIDTH, random), y, dyadic(BATCH, WIDTH, random));
        }
    }

    private static double loss(Synthesizer s, Batch b) {
        DMatrixRMaj sg = s.predict(b.h(), b.y());
        double sum = 0;
        for (int i = 0; i < BATCH * WIDTH; i++) {
            double e = sg.data[i] - b.t().data[i];
            sum += e * e;
        }
        return sum / BATCH;
    }

    /**
     * Per entry, a bound {@code δ_rj} on the error of the computed {@code SG_rj}:
     * {@code γ_{p+3}(Σ_k |y_rk B_kj| + |d_j σ| + |C_j|)} for the sum, and for the sigmoid term
     * {@code |d_j| (γ_w Σ_k |h_rk A_kj| / 4 + 6u)}: the product {@code hA} is off by {@code γ_w Σ|h||A|}, which
     * {@code |σ'| ≤ 1/4} carries over, and the computed {@code σ} (an exp, an add and a divide) is within
     * {@code 6u} of the exact one at its argument.
     */
    private static DMatrixRMaj sgRounding(Synthesizer s, Batch b) {
        Parameter a = s instanceof SigmoidSynthesizer ? named(s, "/A") : null;
        Parameter d = s instanceof SigmoidSynthesizer ? named(s, "/d") : null;
        Parameter bMatrix = named(s, "/B");
        Parameter c = named(s, "/C");
        DMatrixRMaj delta = new DMatrixRMaj(BATCH, WIDTH);
        for (int r = 0; r < BATCH; r++) {
            for (int j = 0; j < WIDTH; j++) {
                double affine = Math.abs(c.value().get(0, j));
                for (int k = 0; k < LABELS; k++) {
                    affine += Math.abs(b.y().get(r, k) * bMatrix.value().get(k, j));
                }
                if (a != null) {
                    double product = 0;
                    for (int k = 0; k < WIDTH; k++) {
                        product += Math.abs(b.h().get(r, k) * a.value().get(k, j));
                    }
                    double dj = Math.abs(d.value().get(0, j));
                    delta.set(r, j, gamma(LABELS + 3) * (affine + dj) + dj * (gamma(WIDTH) * product / 4 + 6 * U));
                } else {
                    delta.set(r, j, gamma(LABELS + 1) * affine);
                }
            }
        }
        return delta;
    }

    /**
     * A bound on {@code |fl(L) − L|}: with {@code SG} within {@code δ} ({@link #sgRounding}), {@code L} moves by
     * at most {@code (1/n) Σ (2|e| δ + δ²)}, plus {@code γ_{nw+2} L} for forming and summing the squares.
     */
    private static double lossRounding(Synthesizer s, Batch b) {
        DMatrixRMaj sg = Rig.copy(s.predict(b.h(), b.y()));
        DMatrixRMaj delta = sgRounding(s, b);
        double bound = 0;
        double squares = 0;
        for (int i = 0; i < BATCH * WIDTH; i++) {
            double e = Math.abs(sg.data[i] - b.t().data[i]);
            bound += 2 * e * delta.data[i] + delta.data[i] * delta.data[i];
            squares += e * e;
        }
        return (bound + gamma(BATCH * WIDTH + 2) * squares) / BATCH;
    }

    /**
     * A bound on the error of an analytic entry. Each is a sum over the batch of the residual
     * {@code R = (2/n) e} times factors of size at most 1 here ({@code y}, {@code σ}, {@code |h d σ'| ≤ 1/4}):
     * the computed residual is off by {@code (2/n)(δ + u|e|)}, and the sum of {@code n} products of up to four
     * factors adds {@code γ_{n+4}} of the sum of its terms' sizes; bounded by the sum over the whole batch.
     */
    private static double analyticRounding(Synthesizer s, Batch b) {
        DMatrixRMaj sg = Rig.copy(s.predict(b.h(), b.y()));
        DMatrixRMaj delta = sgRounding(s, b);
        double bound = 0;
        for (int i = 0; i < BATCH * WIDTH; i++) {
            double e = Math.abs(sg.data[i] - b.t().data[i]);
            double residualError = 2.0 / BATCH * (delta.data[i] + 2 * U * e);
            bound += residualError + gamma(BATCH + 4) * (2.0 / BATCH * e + residualError);
        }
        return bound;
    }

    /**
     * {@code sup|L'''|} along {@code A_ij} within {@code reach} of the point: only column {@code j} of
     * {@code SG} moves, {@code e_r(τ) = d_j σ(u_rj + τ h_ri) + …}, so
     * {@code L''' = (2/n) Σ_r (3 e' e'' + e e''')} with {@code |e'| ≤ |d_j h_ri|/4},
     * {@code |e''| ≤ |d_j| h_ri²/(6√3)}, {@code |e'''| ≤ |d_j h_ri³|/8} and {@code |e| ≤ |e(0)| + reach |e'|max}.
     */
    private static double thirdDerivativeAlongA(Synthesizer s, Batch b, int i, int j, double reach) {
        DMatrixRMaj sg = Rig.copy(s.predict(b.h(), b.y()));
        double dj = Math.abs(named(s, "/d").value().get(0, j));
        double sum = 0;
        for (int r = 0; r < BATCH; r++) {
            double h = Math.abs(b.h().get(r, i));
            double first = dj * h / 4;
            double second = dj * h * h / (6 * Math.sqrt(3));
            double third = dj * h * h * h / 8;
            double e = Math.abs(sg.get(r, j) - b.t().get(r, j)) + reach * first;
            sum += 3 * first * second + e * third;
        }
        return 2 * sum / BATCH;
    }

    /**
     * Checks every entry of every parameter gradient in {@code claimed} (same order as {@code parameters()})
     * against central differences of {@link #loss} at the current values. Throws on a mismatch.
     */
    static void assertGradientsMatch(Synthesizer s, Batch b, List<DMatrixRMaj> claimed) {
        List<Parameter> parameters = s.parameters();
        for (int p = 0; p < parameters.size(); p++) {
            Parameter parameter = parameters.get(p);
            boolean alongA = parameter.name().endsWith("/A");
            double step = alongA ? STEP_A : STEP_AFFINE;
            DMatrixRMaj value = parameter.value();
            for (int i = 0; i < value.getNumElements(); i++) {
                double x = value.data[i];
                double truncation = alongA
                        ? step * step / 6 * thirdDerivativeAlongA(s, b, i / WIDTH, i % WIDTH, step) : 0;
                value.data[i] = x + step;
                double plus = loss(s, b);
                double plusRounding = lossRounding(s, b);
                value.data[i] = x - step;
                double minus = loss(s, b);
                double minusRounding = lossRounding(s, b);
                value.data[i] = x;
                double numeric = (plus - minus) / (2 * step);
                double claim = claimed.get(p).data[i];
                double tolerance = truncation + (plusRounding + minusRounding) / (2 * step) + analyticRounding(s, b);
                double gap = Math.abs(numeric - claim);
                if (!(gap <= tolerance)) {
                    throw new AssertionFailedError(parameter.name() + "[" + i + "]: fit left " + claim
                            + ", central difference " + numeric + ", gap " + gap + " > tolerance " + tolerance);
                }
            }
        }
    }

    /**
     * Fits once on another batch, then on {@code b} from values {@code before}; checks the reported loss, the
     * gradients left behind and the SGD step. Returns the gradients for further checks.
     */
    private static List<DMatrixRMaj> fitAndCheck(Synthesizer s, SplittableRandom random) {
        Batch warmUp = Batch.random(random);
        s.fit(warmUp.h(), warmUp.y(), warmUp.t(), 1.0);
        randomizeDyadic(s.parameters(), random);
        Batch b = Batch.random(random);
        List<DMatrixRMaj> before = Rig.snapshot(s.parameters());
        double expectedLoss = loss(s, b);
        double rounding = lossRounding(s, b);
        double reported = s.fit(b.h(), b.y(), b.t(), 1.0);
        assertEquals(expectedLoss, reported, 2 * rounding, "fit reports the batch mean of ‖SG − t‖² before its step");
        List<DMatrixRMaj> gradients = s.parameters().stream().map(p -> Rig.copy(p.gradient())).toList();
        List<Parameter> parameters = s.parameters();
        for (int p = 0; p < parameters.size(); p++) {
            DMatrixRMaj after = parameters.get(p).value();
            for (int i = 0; i < after.getNumElements(); i++) {
                assertEquals(before.get(p).data[i] - LEARNING_RATE * gradients.get(p).data[i], after.data[i], 0.0,
                        parameters.get(p).name() + "[" + i + "]: one SGD step from the gradient fit computed");
            }
            System.arraycopy(before.get(p).data, 0, after.data, 0, after.getNumElements());
        }
        assertGradientsMatch(s, b, gradients);
        return gradients;
    }

    private static void restore(Synthesizer s, List<DMatrixRMaj> values) {
        List<Parameter> parameters = s.parameters();
        for (int p = 0; p < parameters.size(); p++) {
            System.arraycopy(values.get(p).data, 0, parameters.get(p).value().data, 0,
                    values.get(p).getNumElements());
        }
    }

    private static SigmoidSynthesizer sigmoid(long seed) {
        return new SigmoidSynthesizer(WIDTH, LABELS, new Sgd(LEARNING_RATE, 0), new RandomStreams(seed).startOf("A"), COMPUTE);
    }

    @Test
    void theSigmoidFormsFitLeavesTheGradientOfItsLossInEveryParameterAndStepsAlongIt() {
        for (long seed = 1; seed <= 5; seed++) {
            List<DMatrixRMaj> gradients = fitAndCheck(sigmoid(seed), new SplittableRandom(seed));
            for (DMatrixRMaj g : gradients) {
                assertTrue(Rig.maxAbs(g) > 1e-2, "a gradient of the scale that a dropped term would show");
            }
        }
    }

    @Test
    void theLabelOnlyFormsFitLeavesTheGradientOfItsLossInBAndCAndStepsAlongThem() {
        for (long seed = 1; seed <= 5; seed++) {
            List<DMatrixRMaj> gradients = fitAndCheck(new LabelOnlySynthesizer(WIDTH, LABELS,
                    new Sgd(LEARNING_RATE, 0), COMPUTE), new SplittableRandom(seed));
            for (DMatrixRMaj g : gradients) {
                assertTrue(Rig.maxAbs(g) > 1e-2, "a gradient of the scale that a dropped term would show");
            }
        }
    }

    /** The test of the check: a gradient off by 10⁻⁵ of its size in one entry of A, d, B or C is rejected. */
    @Test
    void theCheckRejectsAGradientOffByOnePartInAHundredThousand() {
        SigmoidSynthesizer s = sigmoid(7);
        SplittableRandom random = new SplittableRandom(7);
        randomizeDyadic(s.parameters(), random);
        Batch b = Batch.random(random);
        List<DMatrixRMaj> before = Rig.snapshot(s.parameters());
        s.fit(b.h(), b.y(), b.t(), 1.0);
        List<DMatrixRMaj> gradients = s.parameters().stream().map(p -> Rig.copy(p.gradient())).toList();
        restore(s, before);
        assertGradientsMatch(s, b, gradients);
        for (int p = 0; p < gradients.size(); p++) {
            DMatrixRMaj wrong = Rig.copy(gradients.get(p));
            int at = 0;
            for (int i = 1; i < wrong.getNumElements(); i++) {
                at = Math.abs(wrong.data[i]) > Math.abs(wrong.data[at]) ? i : at;
            }
            wrong.data[at] *= 1 + 1e-5;
            List<DMatrixRMaj> claimed = new java.util.ArrayList<>(gradients);
            claimed.set(p, wrong);
            assertThrows(AssertionFailedError.class, () -> assertGradientsMatch(s, b, claimed),
                    s.parameters().get(p).name());
        }
    }
}
