package org.errorprop.methods.synthetic;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.methods.SynthesizerKind;
import org.errorprop.methods.contract.Rig;
import org.errorprop.methods.synthetic.SynthesizerBounds.Form;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;
import org.quicktheories.core.Gen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Finite-difference checks of the synthesizers' derivatives ({@link NetworkSynthesizer} linear, one-
 * and two-hidden-layer MLP; {@link SigmoidSynthesizer}), their training and their zero start.
 *
 * <p><b>What is checked.</b> The MLP forms normalise with the statistics of the batch, so {@code SG} is a
 * map of the whole batch {@code h (batch × width) ↦ SG (batch × width)} and moving one entry {@code h_qj}
 * moves every row of the output. {@code pullBack(v)} must be the vector-Jacobian product of that map,
 * {@code [v ∂SG/∂h]_qj = Σ_{r,k} v_rk ∂SG_rk/∂h_qj}: the derivative of {@code f(h) = Σ_{r,k} v_rk SG_rk} over
 * the whole batch. {@code lossGradientWrtActivation} must be the gradient of
 * {@code F(h) = Σ_{r,k} (SG_rk − t_rk)²}, again over the whole batch. Every entry is compared with a
 * central difference of {@code f} or {@code F}, so BatchNorm's cross-example terms are part of the check
 * (a pull-back that drops them is caught: tested below).
 *
 * <p><b>Tolerances.</b> Central differences {@code (f(x₊) − f(x₋)) / (x₊ − x₋)} with
 * {@code x± = fl(x ± s)}, {@code s = ∛ε · max(1, |x|)} (about {@code 6·10⁻⁶}), and the exact offsets
 * {@code t₊ = x₊ − x}, {@code t₋ = x − x₋}, have error at most
 * <ul>
 *   <li>truncation {@code |t₊ − t₋|/2 · sup|f''| + max(t₊, t₋)²/6 · sup|f'''|}, with the derivative bounds of
 *       {@link SynthesizerBounds#alongCoordinate}: the linear form is linear in {@code h}; the sigmoid form
 *       uses {@code |σ'| ≤ 1/4, |σ''| ≤ 1/(6√3), |σ'''| ≤ 1/8} and the actual {@code d} and {@code A}; the
 *       MLP forms use the actual batch spread {@code R = √(σ² + ε)} of every BatchNorm column at the point
 *       and its lower bound on the interval ({@code sup|x̂'''|} grows like {@code 1/R³}). No lower limit is
 *       imposed on the spread of the random inputs: the bound follows it. Coordinates where a ReLU input may
 *       change sign on the interval (or lies within rounding of zero) are skipped and counted;</li>
 *   <li>rounding {@code (E₊ + E₋)/(x₊ − x₋)}, {@code E±} the bound on the error of the computed objective at
 *       {@code x±}: {@code Σ|v_rk| E_rk + 2γ_{bw+2} Σ|v||SG|} (or {@code Σ 2|SG − t| E + 2γ_{bw+2} Σ(SG − t)²}),
 *       {@code E} = {@link SynthesizerBounds#forwardError}, which grows like {@code 1/R};</li>
 * </ul>
 * and the analytic side itself is within {@link SynthesizerBounds#pullBackError} of exact. The tolerance is
 * the sum of the three. Typical values are {@code 10⁻⁹} of the gradient's size; a wrong factor, transpose,
 * sign or missing cross-example term is {@code O(1)}, and a claimed gradient off by {@code 10⁻⁴} relative is
 * caught (tested below). Per coordinate the step is the one of {@code s, s/8, s/64, s/512} whose bound
 * (truncation plus rounding) is smallest: a small spread {@code R} makes truncation ({@code ∝ s²/R³}) dominate
 * and calls for a shorter step. The choice is made from the bounds before the synthesizer is evaluated
 * there, so the tolerance stays a bound. So that a tolerance inflated by a small spread cannot hide in the
 * averages, each property also requires 90% of the entries of gradients larger than {@code 10⁻³} to be
 * checked to {@code 10⁻⁵} of their gradient's largest entry (observed: median 10⁻⁸ to 4·10⁻⁷, 90th
 * percentile up to 3·10⁻⁶ for the two-layer MLP). Gradients below that come from batches of two, whose
 * BatchNorm output is {@code ±d/√(d² + ε) ≈ ±1} and nearly flat; they are checked, but not counted.
 */
class SynthesizerGradientProperties {
    private static final Compute COMPUTE = Compute.sequential();

    private static final double STEP = Math.cbrt(Rig.EPS);
    /** Multiples of {@link #STEP} tried per coordinate; the one with the smallest error bound is used. */
    private static final double[] STEPS = {1, 1.0 / 8, 1.0 / 64, 1.0 / 512};
    private static final int EXAMPLES = 100;
    /** A tolerance of at most this fraction of the largest claimed entry counts as tight. */
    private static final double TIGHT = 1e-5;
    /** Gradients at least this large (largest entry) count towards the tightness requirement. */
    private static final double SUBSTANTIAL = 1e-3;

    record Case(Form form, int width, int labelWidth, int batch, long seed) {
        Synthesizer synthesizer() {
            Synthesizer s = form.create(width, labelWidth, new Sgd(0.01, 0), new RandomStreams(seed));
            SynthesizerBounds.randomize(s, new SplittableRandom(seed), 1.0);
            return s;
        }

        SplittableRandom data() {
            return new SplittableRandom(seed ^ 0x5EEDL);
        }
    }

    static Gen<Case> cases(Form form) {
        Gen<Function<Long, Case>> partial = integers().between(1, 6).zip(integers().between(0, 3),
                integers().between(1, 5), (w, l, b) -> seed -> new Case(form, w, l, b, seed));
        return partial.zip(longs().all(), Function::apply);
    }

    /** Inputs of one case: h, y (null without labels), v and t. */
    record Inputs(DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj v, DMatrixRMaj t) {
        static Inputs of(Case c) {
            SplittableRandom random = c.data();
            DMatrixRMaj h = Rig.uniform(c.batch(), c.width(), random, 1.5);
            DMatrixRMaj y = c.labelWidth() > 0 ? Rig.uniform(c.batch(), c.labelWidth(), random, 1.0) : null;
            return new Inputs(h, y, Rig.uniform(c.batch(), c.width(), random, 1.0),
                    Rig.uniform(c.batch(), c.width(), random, 1.0));
        }
    }

    /** What one run of the check saw: entries compared, skipped near a kink, compared to a tight tolerance. */
    record Outcome(int checked, int skipped, int tight) {
    }

    // ---------------------------------------------------------------------------- the checks

    /** {@code f(h) = Σ_{r,k} v_rk SG_rk} or {@code F(h) = Σ_{r,k} (SG_rk − t_rk)²}, over the whole batch. */
    private static double objective(DMatrixRMaj sg, Inputs in, boolean lossGradient) {
        double sum = 0;
        for (int i = 0; i < sg.getNumElements(); i++) {
            if (lossGradient) {
                double d = sg.data[i] - in.t().data[i];
                sum += d * d;
            } else {
                sum += in.v().data[i] * sg.data[i];
            }
        }
        return sum;
    }

    /** A bound of {@code |fl(f) − f|} at {@code h}, where the computed SG (near {@code sg}) is within {@code forwardError}. */
    private static double objectiveRounding(SynthesizerBounds bounds, DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj sg,
                                            Inputs in, boolean lossGradient) {
        DMatrixRMaj error = bounds.forwardError(h, y);
        int terms = sg.getNumElements();
        double carried = 0;
        double own = 0;
        for (int i = 0; i < terms; i++) {
            if (lossGradient) {
                double d = sg.data[i] - in.t().data[i];
                carried += 2 * Math.abs(d) * error.data[i];
                own += d * d;
            } else {
                carried += Math.abs(in.v().data[i]) * error.data[i];
                own += Math.abs(in.v().data[i] * sg.data[i]);
            }
        }
        return carried + SynthesizerBounds.SECOND_ORDER * SynthesizerBounds.gamma(terms + 2) * own;
    }

    /**
     * {@code sup|f''|} and {@code sup|f'''|} on the interval, from the column bounds {@code B_m} of
     * {@code ∂^m SG_{·k}/∂t^m} (Cauchy–Schwarz over the rows that move): {@code |f^(m)| ≤ Σ_k ‖v_{·k}‖ B_m};
     * for {@code F = Σ e²}, {@code F'' = 2Σ(e'² + e e'')} and {@code F''' = 2Σ(3e'e'' + e e''')}, with
     * {@code ‖e_{·k}‖ ≤ ‖e_{·k}(x)‖ + reach · B_1} on the interval.
     */
    private static double[] objectiveDerivatives(SynthesizerBounds.Derivatives bounds, DMatrixRMaj sg,
                                                 DMatrixRMaj sgError, Inputs in, boolean lossGradient, double reach) {
        double second = 0;
        double third = 0;
        for (int k = 0; k < sg.numCols; k++) {
            double b1 = bounds.first()[k];
            double b2 = bounds.second()[k];
            double b3 = bounds.third()[k];
            double norm = 0;
            for (int r : bounds.rows()) {
                double m = lossGradient ? Math.abs(sg.get(r, k) - in.t().get(r, k)) + sgError.get(r, k)
                        : in.v().get(r, k);
                norm += m * m;
            }
            norm = Math.sqrt(norm);
            if (lossGradient) {
                double e = norm + reach * b1;
                second += 2 * (b1 * b1 + e * b2);
                third += 2 * (3 * b1 * b2 + e * b3);
            } else {
                second += norm * b2;
                third += norm * b3;
            }
        }
        return new double[] {second, third};
    }

    /** One central difference: the points, their distance, and the bounds of its truncation and rounding. */
    record Step(DMatrixRMaj plus, DMatrixRMaj minus, double width, double truncation, double rounding) {
        double bound() {
            return truncation + rounding;
        }
    }

    /**
     * The central difference at {@code h_qj ± s}, {@code s = ladder · ∛ε · max(1, |x|)}, with its error bounds
     * (computed from the model, before the synthesizer is asked anything); {@code null} if a ReLU input may
     * change sign in between.
     */
    private static Step step(SynthesizerBounds bounds, Inputs in, DMatrixRMaj sg, DMatrixRMaj sgError, int row, int j,
                             double ladder, boolean lossGradient) {
        DMatrixRMaj h = in.h();
        DMatrixRMaj y = in.y();
        double x = h.get(row, j);
        double s = ladder * STEP * Math.max(1, Math.abs(x));
        DMatrixRMaj plus = Rig.copy(h);
        DMatrixRMaj minus = Rig.copy(h);
        plus.set(row, j, x + s);
        minus.set(row, j, x - s);
        double up = plus.get(row, j) - x;
        double down = x - minus.get(row, j);
        double width = plus.get(row, j) - minus.get(row, j);
        SynthesizerBounds.Derivatives derivatives = bounds.alongCoordinate(minus, h, plus, y, row, j);
        if (derivatives == null) {
            return null;
        }
        double reach = Math.max(up, down);
        double[] f = objectiveDerivatives(derivatives, sg, sgError, in, lossGradient, reach);
        double truncation = Math.abs(up - down) / 2 * f[0] + reach * reach / 6 * f[1];
        double rounding = (objectiveRounding(bounds, plus, y, bounds.modelForward(plus, y), in, lossGradient)
                + objectiveRounding(bounds, minus, y, bounds.modelForward(minus, y), in, lossGradient)) / width;
        return new Step(plus, minus, width, truncation, rounding);
    }

    /**
     * The check: {@code claimed} (a pull-back {@code v ∂SG/∂h}, or with {@code lossGradient} the gradient of
     * {@code Σ‖SG − t‖²}) against central differences of the whole-batch objective, entry by entry. Throws
     * {@link AssertionFailedError} on a mismatch.
     */
    static Outcome assertMatchesFiniteDifferences(Synthesizer synthesizer, Case c, Inputs in, DMatrixRMaj claimed,
                                                  boolean lossGradient) {
        SynthesizerBounds bounds = SynthesizerBounds.of(synthesizer, c.width(), c.labelWidth());
        DMatrixRMaj h = in.h();
        DMatrixRMaj y = in.y();
        DMatrixRMaj sg = Rig.copy(synthesizer.predict(h, y));
        bounds.checkModel(h, y, sg);
        DMatrixRMaj sgError = bounds.forwardError(h, y);
        DMatrixRMaj claimedError;
        if (lossGradient) {
            DMatrixRMaj residual = new DMatrixRMaj(sg.numRows, sg.numCols);
            DMatrixRMaj residualError = new DMatrixRMaj(sg.numRows, sg.numCols);
            for (int i = 0; i < sg.getNumElements(); i++) {
                double d = sg.data[i] - in.t().data[i];
                residual.data[i] = 2 * d;
                residualError.data[i] = 2 * (sgError.data[i] + SynthesizerBounds.UNIT * Math.abs(d));
            }
            claimedError = bounds.pullBackError(h, y, residual, residualError);
        } else {
            claimedError = bounds.pullBackError(h, y, in.v(), new DMatrixRMaj(sg.numRows, sg.numCols));
        }
        double largest = Rig.maxAbs(claimed);
        int checked = 0;
        int skipped = 0;
        int tight = 0;
        for (int row = 0; row < h.numRows; row++) {
            for (int j = 0; j < c.width(); j++) {
                // The step with the smallest bound (chosen from the bounds alone, never from the gap).
                Step step = null;
                for (double ladder : STEPS) {
                    Step candidate = step(bounds, in, sg, sgError, row, j, ladder, lossGradient);
                    if (candidate != null && (step == null || candidate.bound() < step.bound())) {
                        step = candidate;
                    }
                }
                if (step == null) {
                    skipped++;
                    continue;
                }
                DMatrixRMaj sgPlus = Rig.copy(synthesizer.predict(step.plus(), y));
                DMatrixRMaj sgMinus = Rig.copy(synthesizer.predict(step.minus(), y));
                double numeric = (objective(sgPlus, in, lossGradient) - objective(sgMinus, in, lossGradient))
                        / step.width();
                double tolerance = step.bound() + claimedError.get(row, j);
                double gap = Math.abs(numeric - claimed.get(row, j));
                if (!(gap <= tolerance)) {
                    throw new AssertionFailedError(c + ", (" + row + "," + j + "): analytic " + claimed.get(row, j)
                            + ", central difference " + numeric + " (step " + step.width() / 2 + "), gap " + gap
                            + " > tolerance " + tolerance + " (truncation " + step.truncation() + ", rounding "
                            + step.rounding() + ", analytic side " + claimedError.get(row, j) + ")");
                }
                checked++;
                if (tolerance <= TIGHT * largest) {
                    tight++;
                }
            }
        }
        return new Outcome(checked, skipped, tight);
    }

    private static void property(Form form, long seed, boolean lossGradient) {
        AtomicInteger checked = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger tight = new AtomicInteger();
        AtomicInteger skippedAll = new AtomicInteger();
        AtomicInteger checkedAll = new AtomicInteger();
        AtomicInteger examples = new AtomicInteger();
        AtomicInteger nonTrivial = new AtomicInteger();
        qt().withFixedSeed(seed).withExamples(EXAMPLES).withShrinkCycles(20).forAll(cases(form)).checkAssert(c -> {
            Synthesizer synthesizer = c.synthesizer();
            Inputs in = Inputs.of(c);
            List<DMatrixRMaj> before = Rig.snapshot(synthesizer.parameters());
            DMatrixRMaj claimed = Rig.copy(lossGradient
                    ? synthesizer.lossGradientWrtActivation(in.h(), in.y(), in.t())
                    : synthesizer.pullBack(in.h(), in.y(), in.v()));
            assertEquals(-1, Rig.firstChanged(before, synthesizer.parameters()), "changes no parameter");
            assertEquals(c.batch(), claimed.numRows);
            assertEquals(c.width(), claimed.numCols);
            Outcome outcome = assertMatchesFiniteDifferences(synthesizer, c, in, claimed, lossGradient);
            examples.incrementAndGet();
            checkedAll.addAndGet(outcome.checked());
            skippedAll.addAndGet(outcome.skipped());
            if (Rig.maxAbs(claimed) > 1e-6) {
                nonTrivial.incrementAndGet();
            }
            if (Rig.maxAbs(claimed) > SUBSTANTIAL) {
                checked.addAndGet(outcome.checked());
                skipped.addAndGet(outcome.skipped());
                tight.addAndGet(outcome.tight());
            }
        });
        int all = checkedAll.get() + skippedAll.get();
        assertTrue(skippedAll.get() * 100 <= all, skippedAll + " of " + all + " entries sat near a ReLU kink");
        assertTrue(checked.get() * 2 >= checkedAll.get(), "only " + checked + " of " + checkedAll
                + " compared entries had a gradient above " + SUBSTANTIAL);
        assertTrue(tight.get() * 10 >= checked.get() * 9, "only " + tight + " of " + checked
                + " entries were checked to " + TIGHT + " of their gradient's size");
        assertTrue(nonTrivial.get() * 2 >= examples.get(), nonTrivial + " of " + examples
                + " examples had a non-zero gradient");
    }

    // ------------------------------------------------------------------------------ properties

    @ParameterizedTest
    @EnumSource(Form.class)
    void pullBackIsTheVectorJacobianProductOfTheBatchMap(Form form) {
        property(form, 101 + form.ordinal(), false);
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void lossGradientWrtActivationIsTheGradientOfTheBatchSquaredError(Form form) {
        property(form, 201 + form.ordinal(), true);
    }

    /** The first case from seed 77 on whose gradient is not nearly zero (a random deep MLP can be dead). */
    private static Case nonTrivialCase(Form form, boolean lossGradient) {
        for (long seed = 77; seed < 177; seed++) {
            Case candidate = new Case(form, 4, 2, 3, seed);
            Inputs probe = Inputs.of(candidate);
            Synthesizer s = candidate.synthesizer();
            DMatrixRMaj g = lossGradient ? s.lossGradientWrtActivation(probe.h(), probe.y(), probe.t())
                    : s.pullBack(probe.h(), probe.y(), probe.v());
            if (Rig.maxAbs(g) > 1e-3) {
                return candidate;
            }
        }
        throw new AssertionFailedError(form + ": no case with a non-trivial gradient");
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void theCheckCatchesAnAnalyticGradientOffByOnePartIn10000(Form form) {
        for (boolean lossGradient : new boolean[] {false, true}) {
            Case chosen = nonTrivialCase(form, lossGradient);
            Synthesizer synthesizer = chosen.synthesizer();
            Inputs in = Inputs.of(chosen);
            DMatrixRMaj right = Rig.copy(lossGradient ? synthesizer.lossGradientWrtActivation(in.h(), in.y(), in.t())
                    : synthesizer.pullBack(in.h(), in.y(), in.v()));
            Outcome outcome = assertMatchesFiniteDifferences(synthesizer, chosen, in, right, lossGradient);
            assertEquals(0, outcome.skipped());
            assertTrue(Rig.maxAbs(right) > 1e-3, form + ": a non-trivial case, max " + Rig.maxAbs(right));
            DMatrixRMaj wrong = Rig.copy(right);
            for (int i = 0; i < wrong.getNumElements(); i++) {
                wrong.data[i] *= 1 + 1e-4;
            }
            assertThrows(AssertionFailedError.class,
                    () -> assertMatchesFiniteDifferences(synthesizer, chosen, in, wrong, lossGradient));
        }
    }

    /**
     * The per-example ("block-diagonal") part of the Jacobian: row {@code q} of
     * {@code pullBack(v with only row q kept)}, i.e. {@code Σ_k v_qk ∂SG_qk/∂h_q·}, without the terms by which
     * other rows' outputs depend on row {@code q}.
     */
    private static DMatrixRMaj perExamplePullBack(Synthesizer synthesizer, Inputs in) {
        DMatrixRMaj v = in.v();
        DMatrixRMaj out = new DMatrixRMaj(v.numRows, v.numCols);
        for (int q = 0; q < v.numRows; q++) {
            DMatrixRMaj only = new DMatrixRMaj(v.numRows, v.numCols);
            for (int k = 0; k < v.numCols; k++) {
                only.set(q, k, v.get(q, k));
            }
            DMatrixRMaj pulled = synthesizer.pullBack(in.h(), in.y(), only);
            for (int k = 0; k < v.numCols; k++) {
                out.set(q, k, pulled.get(q, k));
            }
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void theCheckSeesBatchNormsCrossExampleTerms(Form form) {
        Case chosen = nonTrivialCase(form, false);
        Synthesizer synthesizer = chosen.synthesizer();
        Inputs in = Inputs.of(chosen);
        DMatrixRMaj full = Rig.copy(synthesizer.pullBack(in.h(), in.y(), in.v()));
        DMatrixRMaj perExample = perExamplePullBack(synthesizer, in);
        if (form.batchCoupled()) {
            assertTrue(Rig.maxGap(full, perExample) > 1e-3 * Rig.maxAbs(full), form + ": the cross-example terms matter");
            assertThrows(AssertionFailedError.class,
                    () -> assertMatchesFiniteDifferences(synthesizer, chosen, in, perExample, false));
        } else {
            // Without BatchNorm the rows are independent and both are the same product, up to rounding.
            assertTrue(Rig.maxGap(full, perExample) <= 1e-12 * Math.max(1, Rig.maxAbs(full)), form
                    + ": rows are independent");
            assertMatchesFiniteDifferences(synthesizer, chosen, in, perExample, false);
        }
    }

    // ------------------------------------------------------------------------ the batch map

    /** Changing row 0 of {@code h} moves the other rows of {@code SG} exactly when the form has BatchNorm. */
    @ParameterizedTest
    @EnumSource(Form.class)
    void otherRowsMoveWithOneRowExactlyWhenTheFormHasBatchNorm(Form form) {
        int moved = 0;
        for (long seed = 1; seed <= 10; seed++) {
            Case c = new Case(form, 3, 2, 4, seed);
            Synthesizer synthesizer = c.synthesizer();
            Inputs in = Inputs.of(c);
            DMatrixRMaj before = Rig.copy(synthesizer.predict(in.h(), in.y()));
            DMatrixRMaj h = Rig.copy(in.h());
            h.set(0, 0, h.get(0, 0) + 0.5);
            DMatrixRMaj after = Rig.copy(synthesizer.predict(h, in.y()));
            boolean others = false;
            for (int r = 1; r < h.numRows; r++) {
                for (int k = 0; k < h.numCols; k++) {
                    others |= before.get(r, k) != after.get(r, k);
                }
            }
            if (others) {
                moved++;
            }
            assertTrue(form.batchCoupled() || !others, form + ": rows 1.. of SG must not depend on row 0 of h");
        }
        assertEquals(form.batchCoupled() ? 10 : 0, moved, form + ": cases where other rows moved");
    }

    /**
     * {@code predict} is a function of the batch alone: no state carried from earlier calls (BatchNorm's
     * running statistics are neither used nor changed), whatever was predicted or pulled back in between.
     */
    @ParameterizedTest
    @EnumSource(Form.class)
    void predictDependsOnTheBatchAloneNotOnEarlierCalls(Form form) {
        qt().withFixedSeed(451 + form.ordinal()).withExamples(30).forAll(cases(form)).checkAssert(c -> {
            Synthesizer synthesizer = c.synthesizer();
            Inputs in = Inputs.of(c);
            DMatrixRMaj first = Rig.copy(synthesizer.predict(in.h(), in.y()));
            SplittableRandom other = new SplittableRandom(c.seed() + 1);
            DMatrixRMaj h2 = Rig.uniform(c.batch() + 2, c.width(), other, 4.0);
            DMatrixRMaj y2 = c.labelWidth() > 0 ? Rig.uniform(c.batch() + 2, c.labelWidth(), other, 1.0) : null;
            DMatrixRMaj v2 = Rig.uniform(c.batch() + 2, c.width(), other, 1.0);
            synthesizer.predict(h2, y2);
            synthesizer.pullBack(h2, y2, v2);
            synthesizer.lossGradientWrtActivation(h2, y2, v2);
            assertTrue(Rig.identical(first, synthesizer.predict(in.h(), in.y())), c + ": predict remembered something");
        });
    }

    // ------------------------------------------------------------------------------- training

    private static double meanSquaredError(Synthesizer s, Inputs in) {
        DMatrixRMaj sg = s.predict(in.h(), in.y());
        double sum = 0;
        for (int i = 0; i < sg.getNumElements(); i++) {
            double d = sg.data[i] - in.t().data[i];
            sum += d * d;
        }
        return sum / sg.numRows;
    }

    /** Five {@code fit()} steps: {@code ‖SG − t‖²} of {@code predict} falls after each. */
    private static void assertFitDescends(Synthesizer synthesizer, Inputs in, String what) {
        double previous = meanSquaredError(synthesizer, in);
        double start = previous;
        for (int step = 0; step < 5; step++) {
            synthesizer.fit(in.h(), in.y(), in.t(), 1.0);
            double now = meanSquaredError(synthesizer, in);
            assertTrue(now < previous, what + ": after step " + (step + 1) + " ‖SG − t‖² is " + now + ", was " + previous);
            previous = now;
        }
        assertTrue(previous < start * (1 - 1e-4), what + ": " + start + " -> " + previous);
    }

    @ParameterizedTest
    @EnumSource(Form.class)
    void fitReducesTheSquaredErrorOnAFixedBatch(Form form) {
        qt().withFixedSeed(301 + form.ordinal()).withExamples(30).forAll(cases(form)).checkAssert(c -> {
            Inputs in = Inputs.of(c);
            assertFitDescends(c.synthesizer(), in, c + " from random parameters");
            assertFitDescends(form.create(c.width(), c.labelWidth(), new Sgd(0.01, 0), new RandomStreams(c.seed())), in,
                    c + " from the zero start");
        });
    }

    /**
     * {@link Synthesizer#fit}: "returns that mean before the step", the mean of {@code ‖SG(h, y) − t‖²} with
     * {@code SG} what {@code predict} gives (the same function: BatchNorm on the batch's statistics in both).
     */
    @ParameterizedTest
    @EnumSource(Form.class)
    void fitReportsTheSquaredErrorOfPredictBeforeItsStep(Form form) {
        qt().withFixedSeed(351 + form.ordinal()).withExamples(30).forAll(cases(form)).checkAssert(c -> {
            Inputs in = Inputs.of(c);
            Synthesizer synthesizer = c.synthesizer();
            for (int step = 0; step < 3; step++) {
                double expected = meanSquaredError(synthesizer, in);
                double reported = synthesizer.fit(in.h(), in.y(), in.t(), 1.0);
                // Both are sums of width·batch squares in possibly different orders: 4(wb + 4) ε relative.
                double tolerance = 4.0 * (c.width() * c.batch() + 4) * Rig.EPS * expected;
                assertEquals(expected, reported, tolerance, c + ", step " + (step + 1));
            }
        });
    }

    /** Targets {@code t = h P − h/2} ({@code P} a cyclic shift), then centred: every column sums to zero. */
    private static DMatrixRMaj zeroMeanTargets(DMatrixRMaj h) {
        int batch = h.numRows;
        int width = h.numCols;
        DMatrixRMaj t = new DMatrixRMaj(batch, width);
        for (int r = 0; r < batch; r++) {
            for (int k = 0; k < width; k++) {
                t.set(r, k, h.get(r, (k + 1) % width) - 0.5 * h.get(r, k));
            }
        }
        for (int k = 0; k < width; k++) {
            double mean = 0;
            for (int r = 0; r < batch; r++) {
                mean += t.get(r, k) / batch;
            }
            for (int r = 0; r < batch; r++) {
                t.set(r, k, t.get(r, k) - mean);
            }
        }
        return t;
    }

    /** {@code ‖SG − t‖²} before and after 50 fit steps at learning rate 0.05. */
    private static double[] fiftySteps(Synthesizer synthesizer, DMatrixRMaj h, DMatrixRMaj t) {
        Inputs in = new Inputs(h, null, null, t);
        double start = meanSquaredError(synthesizer, in);
        for (int step = 0; step < 50; step++) {
            synthesizer.fit(h, null, t, 1.0);
        }
        return new double[] {start, meanSquaredError(synthesizer, in)};
    }

    /**
     * Targets with zero column means are what a synthesizer below a BatchNorm layer always sees:
     * {@code t = (∂L/∂g_{k+1}) W_{k+1}ᵀ} and BatchNorm's backward pass has zero column sums. An
     * unconditioned synthesizer must still learn from its zero start. (For the sigmoid form this needs its
     * random {@code A}: with {@code A = 0} the start is a stationary point, see the next test.)
     */
    @ParameterizedTest
    @EnumSource(Form.class)
    void anUnconditionedSynthesizerLearnsZeroMeanTargetsFromItsZeroStart(Form form) {
        DMatrixRMaj h = Rig.uniform(6, 4, new SplittableRandom(11), 1.5);
        DMatrixRMaj t = zeroMeanTargets(h);
        Synthesizer synthesizer = form.create(4, 0, new Sgd(0.05, 0), new RandomStreams(11));
        double[] loss = fiftySteps(synthesizer, h, t);
        assertTrue(loss[1] < 0.99 * loss[0], form + ": ‖SG − t‖² went from " + loss[0] + " to " + loss[1] + " in 50 steps");
    }

    /**
     * The test above can fail: the sigmoid form started with {@code A = 0} as well as {@code d = B = C = 0}
     * sits on a stationary point for zero-mean targets ({@code ∂/∂A ∝ d = 0}, {@code ∂/∂d = σ(0) Σ_r 2(SG − t)/n
     * = 0}, {@code ∂/∂C = 0}, up to the rounding of the targets' column means), and does not learn.
     */
    @Test
    void aSigmoidSynthesizerStartedAtTheZeroSaddleDoesNotLearnThem() {
        DMatrixRMaj h = Rig.uniform(6, 4, new SplittableRandom(11), 1.5);
        DMatrixRMaj t = zeroMeanTargets(h);
        Synthesizer synthesizer = Form.SIGMOID.create(4, 0, new Sgd(0.05, 0), new RandomStreams(11));
        Parameter a = synthesizer.parameters().get(0);
        assertEquals("synthesizer/A", a.name());
        java.util.Arrays.fill(a.value().data, 0.0);
        double[] loss = fiftySteps(synthesizer, h, t);
        assertFalse(loss[1] < 0.99 * loss[0], "from A = 0: " + loss[0] + " -> " + loss[1]);
    }

    // ------------------------------------------------------------------------------ zero start

    @ParameterizedTest
    @EnumSource(Form.class)
    void aFreshSynthesizerPredictsExactlyZero(Form form) {
        qt().withFixedSeed(401 + form.ordinal()).withExamples(30).forAll(cases(form)).checkAssert(c -> {
            Synthesizer synthesizer = form.create(c.width(), c.labelWidth(), new Sgd(0.01, 0), new RandomStreams(c.seed()));
            Inputs in = Inputs.of(c);
            DMatrixRMaj prediction = synthesizer.predict(in.h(), in.y());
            assertEquals(c.batch(), prediction.numRows);
            assertEquals(c.width(), prediction.numCols);
            assertTrue(Rig.allZero(prediction), "SG = 0 before training");
            assertTrue(Rig.allZero(synthesizer.pullBack(in.h(), in.y(), in.v())), "and so is v ∂SG/∂h");
            assertTrue(Rig.allZero(synthesizer.lossGradientWrtActivation(in.h(), in.y(), in.t())), "and ∂L_SG/∂h");
        });
    }

    @Test
    void theMlpHiddenLayersAreDrawnFromTheStreamsAndTheOutputLayerIsZero() {
        Synthesizer a = Form.MLP.create(3, 2, new Sgd(0.01, 0), new RandomStreams(5));
        Synthesizer b = Form.MLP.create(3, 2, new Sgd(0.01, 0), new RandomStreams(5));
        Synthesizer other = Form.MLP.create(3, 2, new Sgd(0.01, 0), new RandomStreams(6));
        assertTrue(Rig.identical(a.parameters().get(0).value(), b.parameters().get(0).value()));
        assertTrue(!Rig.identical(a.parameters().get(0).value(), other.parameters().get(0).value()));
        assertTrue(Rig.maxAbs(a.parameters().get(0).value()) > 0);
        List<Parameter> output = a.parameters().stream()
                .filter(p -> p.name().startsWith("synthesizer/output")).toList();
        assertEquals(2, output.size(), "the output layer's weight and bias");
        assertTrue(output.stream().allMatch(p -> Rig.allZero(p.value())), "the output layer starts at zero");
    }

    /**
     * The sigmoid form's {@code A} is drawn {@code U(−1/√width, 1/√width)} from the stream it is given, which the
     * method takes from its boundary's streams ({@code "boundary-k"}, stream {@code "synthesizer/A"}), and
     * {@code d}, {@code B}, {@code C} start at zero.
     */
    @Test
    void theSigmoidFormDrawsAFromItsBoundarysStreamAndStartsTheRestAtZero() {
        int width = 7;
        Synthesizer one = new SigmoidSynthesizer(width, 3, new Sgd(0.01, 0), new RandomStreams(5).startOf("synthesizer/A"), COMPUTE);
        Synthesizer same = new SigmoidSynthesizer(width, 3, new Sgd(0.01, 0), new RandomStreams(5).startOf("synthesizer/A"), COMPUTE);
        Synthesizer other = new SigmoidSynthesizer(width, 3, new Sgd(0.01, 0), new RandomStreams(6).startOf("synthesizer/A"), COMPUTE);
        List<String> names = one.parameters().stream().map(Parameter::name).toList();
        assertEquals(List.of("synthesizer/A", "synthesizer/d", "synthesizer/B", "synthesizer/C"), names);
        DMatrixRMaj a = one.parameters().get(0).value();
        assertTrue(Rig.identical(a, same.parameters().get(0).value()));
        assertFalse(Rig.identical(a, other.parameters().get(0).value()));
        double bound = 1 / Math.sqrt(width);
        for (double entry : a.data) {
            assertTrue(Math.abs(entry) <= bound, entry + " outside ±" + bound);
        }
        // 49 draws of U(−b, b): P(max < 0.8 b) = 0.8^49 ≈ 2·10⁻⁵; the draw is fixed, so this checks the scale.
        assertTrue(Rig.maxAbs(a) >= 0.8 * bound, "largest entry " + Rig.maxAbs(a) + " of bound " + bound);
        for (Parameter p : one.parameters().subList(1, 4)) {
            assertTrue(Rig.allZero(p.value()), p.name() + " starts at zero");
        }

        NetworkShape shape = NetworkShape.of(4, width, width, 3);
        MethodContext context = Rig.context(8, new Sgd(0.01, 0));
        List<ErrorSignal> signals = SyntheticGradients.unconditioned(SyntheticGradientOptions.DEFAULTS
                .withSynthesizer(SynthesizerKind.SIGMOID).withPlacement(org.errorprop.methods.SgPlacement.ALL))
                .assign(shape, context);
        DMatrixRMaj first = ((SyntheticGradientSignal) signals.get(0)).synthesizer().parameters().get(0).value();
        DMatrixRMaj second = ((SyntheticGradientSignal) signals.get(1)).synthesizer().parameters().get(0).value();
        DMatrixRMaj expected = new DMatrixRMaj(width, width);
        Initializer.UNIFORM_FAN_IN.fill(expected, context.random().child("boundary-1").startOf("synthesizer/A"));
        assertTrue(Rig.identical(expected, first), "boundary 1's A comes from its own stream");
        assertFalse(Rig.identical(first, second), "boundaries draw different matrices");
    }
}
