package org.errorprop.methods.unified;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.SoftmaxCrossEntropy;
import org.errorprop.framework.loss.SquaredError;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.LockingProfile;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.training.TrainingStep;
import org.errorprop.methods.backprop.BackpropSignal;
import org.errorprop.methods.contract.Rig;
import org.errorprop.methods.feedback.DirectFeedbackSignal;
import org.errorprop.methods.feedback.FeedbackAlignmentSignal;
import org.errorprop.methods.feedback.FeedbackMatrices;
import org.errorprop.methods.feedback.Kickback;
import org.errorprop.methods.synthetic.Synthesizer;
import org.errorprop.methods.synthetic.SynthesizerBounds.Form;
import org.errorprop.methods.synthetic.SynthesizerBounds;
import org.errorprop.methods.synthetic.SyntheticGradientSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.AssertionFailedError;
import org.quicktheories.core.Gen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Table 1's claim, as properties: every column's generic "conspiring module" form ({@link TableOne},
 * {@code δ̂ = λ s + α ∂L_SG(t, s)/∂h} with {@code t} constant) gives the same {@code δ̂} as the rule's
 * direct implementation, at every hidden boundary of random small networks (1–3 hidden layers of width
 * 2–8, with and without BatchNorm, ReLU or tanh, with or without biases), random batches (2–6 rows),
 * softmax cross-entropy on one-hot targets or squared error, and random seeds.
 *
 * <p>Both forms are evaluated on the very same trainer {@link Boundary} by a pairing signal (each
 * through a view granting only its own declared needs); the direct rule's signal drives training, for
 * two steps, so the second comparison sees moved weights.
 *
 * <p><b>Tolerance.</b> Each entry of {@code |direct − unified|} may be at most the sum of the two forms'
 * rounding-error bounds (each is within its bound of the exact {@code δ̂}).
 * <ul>
 *   <li>Bprop, FA, DFA, Kickback: one sum of {@code N} products ({@code N} the inner dimension of
 *       {@code t Aᵀ}) and a few elementwise steps (negating the target, scaling by {@code α}). By the
 *       standard bound each result is within {@code γ_N M} of exact, {@code γ_N = Nu/(1−Nu)},
 *       {@code u = ε/2}, {@code ε = 2^-52}, {@code M = |t| |A|ᵀ} computed in plain loops; the check allows
 *       {@code 4 (N + 4) ε M ≥ 2 γ_{N+4} M} per entry (a factor 2 for second-order terms).</li>
 *   <li>SG columns: the synthesizer's forward pass ({@code δ̂ = λ SG}) and, for SG+prop and footnote 5, one
 *       pull-back of {@code 2(SG − t)} ({@code δ̂ = λ SG + α (2(SG − t)) ∂SG/∂h}). The MLP synthesizer
 *       normalises with the batch's statistics, whose rounding is amplified by {@code 1/R} (the column's
 *       batch spread {@code R = √(σ² + ε)}); a chain-length count cannot express that, so each form's bound is
 *       {@code |λ| E_fwd + |α| E_pull + γ_3 (|λ SG| + |α pull|)} with {@code E_fwd} and {@code E_pull} from
 *       {@link SynthesizerBounds}'s running error analysis at the actual {@code R}, and the check allows twice
 *       that.</li>
 * </ul>
 * (In practice the two forms run the same operations in the same order and agree bit for bit; the bound
 * is what is guaranteed, not what is observed.) For the fixed check scenario the allowance is about
 * {@code 10^-14} relative, while perturbing one feedback entry by {@code 10^-7} moves a column of
 * {@code δ̂} by {@code 10^-7 |t_j|}: the tests of the check itself show it is reported, for a synthesizer
 * parameter of every form too.
 */
class TableOneProperties {
    private static final Compute COMPUTE = Compute.sequential();

    private static final int EXAMPLES = 100;
    private static final long SEED = 0x7AB1E1L;
    private static final double[] ALPHAS = {0.05, 0.5, 1.0, 2.75};

    // ----------------------------------------------------------------------------------- scenarios

    /**
     * A random small problem. {@code flags} bits: 1 hidden BatchNorm, 2 output BatchNorm, 4 biases,
     * 8 tanh (else ReLU), 16 softmax cross-entropy on one-hot targets (else squared error).
     */
    record Scenario(int inputs, List<Integer> hidden, int requestedOutputs, int flags, int batch, long seed) {
        boolean hiddenBatchNorm() {
            return (flags & 1) != 0;
        }

        boolean outputBatchNorm() {
            return (flags & 2) != 0;
        }

        boolean bias() {
            return (flags & 4) != 0;
        }

        Activation activation() {
            return (flags & 8) != 0 ? Activation.TANH : Activation.RELU;
        }

        boolean softmax() {
            return (flags & 16) != 0;
        }

        int outputs() {
            return softmax() ? Math.max(2, requestedOutputs) : requestedOutputs;
        }

        Loss loss() {
            return softmax() ? new SoftmaxCrossEntropy() : new SquaredError();
        }

        Network network() {
            return new Architecture(inputs, hidden, outputs(), activation(), bias(), hiddenBatchNorm(),
                    outputBatchNorm(), Initializer.UNIFORM_FAN_IN).build(new RandomStreams(seed), COMPUTE);
        }
    }

    static Gen<Scenario> scenarios() {
        Gen<List<Integer>> hidden = integers().between(1, 3)
                .flatMap(depth -> lists().of(integers().between(2, 8)).ofSize(depth));
        Gen<Function<Long, Scenario>> partial = hidden.zip(integers().between(1, 5), integers().between(1, 4),
                integers().between(0, 31), integers().between(2, 6),
                (h, in, out, flags, batch) -> seed -> new Scenario(in, h, out, flags, batch, seed));
        return partial.zip(longs().all(), Function::apply);
    }

    /** tanh, no BatchNorm, squared error: every entry of every error is generically non-zero. */
    static final Scenario FIXED = new Scenario(3, List.of(5, 4), 3, 4 | 8, 4, 7);

    // ------------------------------------------------------------------------------ the comparison

    /** Computes the allowed gap of a comparison, per entry; reads only {@link Comparison#allowanceNeeds}. */
    interface Allowance {
        DMatrixRMaj of(Boundary at);
    }

    /** The two forms of one column at one boundary, the allowed gap and how it was derived. */
    record Comparison(ErrorSignal direct, ErrorSignal unified, Set<SignalNeed> allowanceNeeds, Allowance allowance,
                      String basis) {
    }

    /** {@code 4 (N + 4) ε M}: twice the bound {@code γ_{N+4} M} of a chain of {@code N} products and 4 steps. */
    static DMatrixRMaj chainAllowance(int n, DMatrixRMaj m) {
        DMatrixRMaj allowed = new DMatrixRMaj(m.numRows, m.numCols);
        for (int i = 0; i < m.getNumElements(); i++) {
            allowed.data[i] = 4.0 * (n + 4) * Rig.EPS * m.data[i];
        }
        return allowed;
    }

    /** Builds the comparison at boundary {@code k}. */
    interface Column {
        Comparison at(int k, NetworkShape shape, MethodContext context, Scenario scenario);
    }

    record Sample(int boundary, DMatrixRMaj direct, DMatrixRMaj unified, DMatrixRMaj allowed, String basis) {
    }

    /** Evaluates both forms on the same boundary, each seeing only its own needs; the direct one drives. */
    static final class Paired implements ErrorSignal {
        private final Comparison comparison;
        private final List<Sample> samples;
        private final Set<SignalNeed> needs;

        Paired(Comparison comparison, List<Sample> samples) {
            this.comparison = comparison;
            this.samples = samples;
            this.needs = Rig.union(Rig.union(comparison.direct().needs(), comparison.unified().needs()),
                    comparison.allowanceNeeds());
        }

        @Override
        public Set<SignalNeed> needs() {
            return needs;
        }

        @Override
        public DMatrixRMaj signal(Boundary at) {
            DMatrixRMaj direct = Rig.copy(comparison.direct().signal(
                    Rig.restrictedTo(at, comparison.direct().needs())));
            DMatrixRMaj unified = Rig.copy(comparison.unified().signal(
                    Rig.restrictedTo(at, comparison.unified().needs())));
            DMatrixRMaj allowed = comparison.allowance().of(Rig.restrictedTo(at, comparison.allowanceNeeds()));
            samples.add(new Sample(at.index(), direct, unified, allowed, comparison.basis()));
            return direct;
        }
    }

    /** Two training steps of the scenario with the column's pair at every hidden boundary. */
    static List<Sample> run(Scenario scenario, Column column) {
        Network network = scenario.network();
        List<Sample> samples = new ArrayList<>();
        TrainingStep step = Rig.step(network, scenario.loss(),
                Rig.method("paired", (k, shape, context) -> new Paired(column.at(k, shape, context, scenario), samples)),
                new Sgd(0.05, 0), scenario.seed());
        SplittableRandom random = new SplittableRandom(scenario.seed());
        for (int s = 0; s < 2; s++) {
            DMatrixRMaj x = Rig.uniform(scenario.batch(), scenario.inputs(), random, 1.0);
            DMatrixRMaj y = scenario.softmax() ? Rig.oneHot(scenario.batch(), scenario.outputs(), random)
                    : Rig.uniform(scenario.batch(), scenario.outputs(), random, 1.0);
            step.run(x, y);
        }
        return samples;
    }

    /** The check: every entry within its allowance; fails with the first entry outside it otherwise. */
    static void assertAgree(List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new AssertionFailedError("no boundary was compared");
        }
        for (Sample s : samples) {
            if (s.direct().numRows != s.unified().numRows || s.direct().numCols != s.unified().numCols) {
                throw new AssertionFailedError("boundary " + s.boundary() + ": direct " + s.direct().numRows + "x"
                        + s.direct().numCols + ", unified " + s.unified().numRows + "x" + s.unified().numCols);
            }
            for (int i = 0, n = s.direct().getNumElements(); i < n; i++) {
                double gap = Math.abs(s.direct().data[i] - s.unified().data[i]);
                double allowed = s.allowed().data[i];
                if (!(gap <= allowed)) {
                    throw new AssertionFailedError("boundary " + s.boundary() + ", entry " + i + ": direct "
                            + s.direct().data[i] + ", unified " + s.unified().data[i] + ", gap " + gap + " > allowed "
                            + allowed + " (" + s.basis() + ")");
                }
            }
        }
    }

    static boolean nonTrivial(List<Sample> samples) {
        for (Sample s : samples) {
            if (Rig.maxAbs(s.direct()) > 1e-9) {
                return true;
            }
        }
        return false;
    }

    /** Runs the property and checks that most examples compared non-trivial signals. */
    private static void property(Column column, long seed) {
        AtomicInteger total = new AtomicInteger();
        AtomicInteger nonTrivial = new AtomicInteger();
        qt().withFixedSeed(seed).withExamples(EXAMPLES).withShrinkCycles(20).forAll(scenarios()).checkAssert(s -> {
            List<Sample> samples = run(s, column);
            assertAgree(samples);
            total.incrementAndGet();
            if (nonTrivial(samples)) {
                nonTrivial.incrementAndGet();
            }
        });
        assertTrue(nonTrivial.get() * 4 >= total.get(), nonTrivial + " of " + total + " examples had a non-zero signal");
    }

    // ------------------------------------------------------------------------------------ columns

    static Comparison bpropAt(int k, NetworkShape shape, MethodContext context, Scenario scenario) {
        int n = shape.widths().get(k + 1);
        return new Comparison(new BackpropSignal(), TableOne.bprop(), Set.of(SignalNeed.UPSTREAM_SIGNAL),
                at -> chainAllowance(n, Rig.absTimesAbsTransposed(at.upstreamPreActivationError(), at.upstreamWeights())),
                "chain of N = " + n);
    }

    static DMatrixRMaj faMatrix(int k, NetworkShape shape, MethodContext context) {
        return FeedbackMatrices.draw(context, k, shape.boundaryWidth(k), shape.widths().get(k + 1), 1.0);
    }

    static DMatrixRMaj dfaMatrix(int k, NetworkShape shape, MethodContext context) {
        return FeedbackMatrices.draw(context, k, shape.boundaryWidth(k), shape.outputWidth(), 1.0);
    }

    static Comparison faAt(DMatrixRMaj direct, DMatrixRMaj unified) {
        return new Comparison(new FeedbackAlignmentSignal(direct), TableOne.fa(unified, COMPUTE.blas()),
                Set.of(SignalNeed.UPSTREAM_SIGNAL),
                at -> chainAllowance(direct.numCols, Rig.absTimesAbsTransposed(at.upstreamPreActivationError(), direct)),
                "chain of N = " + direct.numCols);
    }

    static Comparison dfaAt(ErrorSignal direct, DMatrixRMaj a, ErrorSignal unified) {
        return new Comparison(direct, unified, Set.of(SignalNeed.OUTPUT_ERROR),
                at -> chainAllowance(a.numCols, Rig.absTimesAbsTransposed(at.outputError(), a)),
                "chain of N = " + a.numCols);
    }

    static Synthesizer synthesizer(Form form, int k, NetworkShape shape, MethodContext context, Scenario scenario,
                                   boolean conditioned) {
        int labelWidth = conditioned ? shape.outputWidth() : 0;
        Synthesizer synthesizer = form.create(shape.boundaryWidth(k), labelWidth, context.signalOptimizer(),
                context.random().child("boundary-" + k));
        SynthesizerBounds.randomize(synthesizer, new SplittableRandom(scenario.seed() * 31 + k), 1.0);
        return synthesizer;
    }

    /** SG and cSG: {@code δ̂ = SG}; each form within {@code E_fwd} of exact, so they may differ by twice that. */
    static Comparison sgAt(Synthesizer synthesizer, int width, int labelWidth, boolean conditioned, ErrorSignal unified) {
        SynthesizerBounds bounds = SynthesizerBounds.of(synthesizer, width, labelWidth);
        Set<SignalNeed> needs = conditioned ? Set.of(SignalNeed.OWN_ACTIVATION, SignalNeed.LABEL)
                : Set.of(SignalNeed.OWN_ACTIVATION);
        return new Comparison(new SyntheticGradientSignal(synthesizer, conditioned, 1, 0), unified, needs, at -> {
            DMatrixRMaj y = conditioned ? at.targets() : null;
            bounds.checkModel(at.activation(), y, synthesizer.predict(at.activation(), y));
            DMatrixRMaj allowed = bounds.forwardError(at.activation(), y);
            for (int i = 0; i < allowed.getNumElements(); i++) {
                allowed.data[i] *= 2;
            }
            return allowed;
        }, "twice the forward bound");
    }

    /**
     * SG+prop and footnote 5: {@code δ̂ = λ SG + α pull} with {@code pull = 2(SG − t) ∂SG/∂h}; each form within
     * {@code |λ| E_fwd + |α| E_pull + γ_3 (|λ SG| + |α pull|)} of exact ({@code E_pull} for {@code v = 2(SG − t)}
     * computed with error {@code 2(E_fwd + u|SG − t|)}; {@code γ_3} for {@code α·pull}, {@code λ·SG} and the sum).
     */
    static Comparison sgPropAt(Synthesizer synthesizer, int width, int labelWidth, double lambda, double alpha,
                               ErrorSignal unified) {
        SynthesizerBounds bounds = SynthesizerBounds.of(synthesizer, width, labelWidth);
        return new Comparison(new SyntheticGradientSignal(synthesizer, true, lambda, alpha), unified,
                Set.of(SignalNeed.OWN_ACTIVATION, SignalNeed.LABEL, SignalNeed.UPSTREAM_SIGNAL), at -> {
                    DMatrixRMaj h = at.activation();
                    DMatrixRMaj y = at.targets();
                    bounds.checkModel(h, y, synthesizer.predict(h, y));
                    DMatrixRMaj sg = bounds.modelForward(h, y);
                    DMatrixRMaj sgError = bounds.forwardError(h, y);
                    DMatrixRMaj t = at.upstreamErrorCarriedBy(at.upstreamWeights());
                    DMatrixRMaj v = new DMatrixRMaj(sg.numRows, sg.numCols);
                    DMatrixRMaj vError = new DMatrixRMaj(sg.numRows, sg.numCols);
                    for (int i = 0; i < v.getNumElements(); i++) {
                        double d = sg.data[i] - t.data[i];
                        v.data[i] = 2 * d;
                        vError.data[i] = 2 * (sgError.data[i] + SynthesizerBounds.UNIT * Math.abs(d));
                    }
                    SynthesizerBounds.Pulled pulled = bounds.pullBack(h, y, v, vError);
                    double gamma3 = SynthesizerBounds.gamma(3);
                    DMatrixRMaj allowed = new DMatrixRMaj(sg.numRows, sg.numCols);
                    for (int i = 0; i < allowed.getNumElements(); i++) {
                        double pull = Math.abs(pulled.value().data[i]) + pulled.error().data[i];
                        double sgAbs = Math.abs(sg.data[i]) + sgError.data[i];
                        double each = Math.abs(lambda) * sgError.data[i] + Math.abs(alpha) * pulled.error().data[i]
                                + 2 * gamma3 * (Math.abs(lambda) * sgAbs + Math.abs(alpha) * pull);
                        allowed.data[i] = 2 * each;
                    }
                    return allowed;
                }, "twice the forward and pull-back bounds");
    }

    // --------------------------------------------------------------------------------- properties

    @Test
    void bpropColumnEqualsBackpropSignal() {
        property(TableOneProperties::bpropAt, SEED + 1);
    }

    @Test
    void faColumnEqualsFeedbackAlignmentWithTheSameMatrix() {
        property((k, shape, context, s) -> {
            DMatrixRMaj a = faMatrix(k, shape, context);
            return faAt(a, a);
        }, SEED + 2);
    }

    @Test
    void dfaColumnEqualsDirectFeedbackWithTheSameMatrix() {
        property((k, shape, context, s) -> {
            DMatrixRMaj a = dfaMatrix(k, shape, context);
            return dfaAt(new DirectFeedbackSignal(a, COMPUTE), a, TableOne.dfa(a, COMPUTE.blas()));
        }, SEED + 3);
    }

    @Test
    void kickbackColumnEqualsTheKickbackRule() {
        property((k, shape, context, s) -> {
            ErrorSignal direct = new Kickback().assign(shape, context).get(k - 1);
            DMatrixRMaj ones = new DMatrixRMaj(shape.boundaryWidth(k), shape.outputWidth());
            java.util.Arrays.fill(ones.data, 1.0);
            return dfaAt(direct, ones, TableOne.kickback(shape.boundaryWidth(k), shape.outputWidth(), COMPUTE.blas()));
        }, SEED + 4);
    }

    @ParameterizedTest
    @EnumSource(value = Form.class, names = {"LINEAR", "MLP", "SIGMOID"})
    void sgColumnEqualsSyntheticGradientSignal(Form form) {
        property((k, shape, context, s) -> {
            Synthesizer synthesizer = synthesizer(form, k, shape, context, s, false);
            return sgAt(synthesizer, shape.boundaryWidth(k), 0, false, TableOne.sg(synthesizer, false));
        }, SEED + 5 + form.ordinal());
    }

    @ParameterizedTest
    @EnumSource(value = Form.class, names = {"LINEAR", "MLP", "SIGMOID"})
    void conditionedSgColumnEqualsSyntheticGradientSignal(Form form) {
        property((k, shape, context, s) -> {
            Synthesizer synthesizer = synthesizer(form, k, shape, context, s, true);
            return sgAt(synthesizer, shape.boundaryWidth(k), shape.outputWidth(), true, TableOne.sg(synthesizer, true));
        }, SEED + 10 + form.ordinal());
    }

    @ParameterizedTest
    @EnumSource(value = Form.class, names = {"LINEAR", "MLP", "SIGMOID"})
    void sgPropColumnEqualsSyntheticGradientSignalWithPropagation(Form form) {
        // α is drawn per example from ALPHAS through the scenario's seed.
        property((k, shape, context, s) -> {
            double alpha = ALPHAS[(int) Math.floorMod(s.seed(), (long) ALPHAS.length)];
            Synthesizer synthesizer = synthesizer(form, k, shape, context, s, true);
            return sgPropAt(synthesizer, shape.boundaryWidth(k), shape.outputWidth(), 1, alpha,
                    TableOne.sgProp(synthesizer, 1, alpha));
        }, SEED + 15 + form.ordinal());
    }

    @ParameterizedTest
    @EnumSource(value = Form.class, names = {"LINEAR", "MLP", "SIGMOID"})
    void footnoteFivePropagationOnlyEqualsSyntheticGradientSignal(Form form) {
        property((k, shape, context, s) -> {
            Synthesizer synthesizer = synthesizer(form, k, shape, context, s, true);
            return sgPropAt(synthesizer, shape.boundaryWidth(k), shape.outputWidth(), 0, 1,
                    TableOne.sgProp(synthesizer, 0, 1));
        }, SEED + 20 + form.ordinal());
    }

    // ---------------------------------------------------------------------------------- locking

    @Test
    void lockingFromTheUnifiedNeedsIsThePrintedTableAndTheDirectRules() {
        int width = 4;
        int outputs = 3;
        MethodContext context = Rig.context(3, new Sgd(0.1, 0));
        DMatrixRMaj faMatrix = FeedbackMatrices.draw(context, 1, width, 5, 1.0);
        DMatrixRMaj dfaMatrix = FeedbackMatrices.draw(context, 1, width, outputs, 1.0);
        NetworkShape shape = NetworkShape.of(2, width, 5, outputs);
        assertColumnLocking(TableOne.BPROP, new BackpropSignal(), TableOne.bprop());
        assertColumnLocking(TableOne.FA, new FeedbackAlignmentSignal(faMatrix), TableOne.fa(faMatrix, COMPUTE.blas()));
        assertColumnLocking(TableOne.DFA, new DirectFeedbackSignal(dfaMatrix, COMPUTE), TableOne.dfa(dfaMatrix, COMPUTE.blas()));
        assertColumnLocking(TableOne.KICKBACK, new Kickback().assign(shape, context).get(0),
                TableOne.kickback(width, outputs, COMPUTE.blas()));
        for (Form form : Form.values()) {
            for (boolean conditioned : new boolean[] {false, true}) {
                Synthesizer synthesizer = form.create(width, conditioned ? outputs : 0, new Sgd(0.1, 0),
                        new RandomStreams(5));
                assertColumnLocking(TableOne.SG, new SyntheticGradientSignal(synthesizer, conditioned, 1, 0),
                        TableOne.sg(synthesizer, conditioned));
            }
            Synthesizer synthesizer = form.create(width, outputs, new Sgd(0.1, 0), new RandomStreams(5));
            assertColumnLocking(TableOne.SG_PROP, new SyntheticGradientSignal(synthesizer, true, 1, 0.5),
                    TableOne.sgProp(synthesizer, 1, 0.5));
            // Footnote 5 has no column of its own; with α ≠ 0 it waits for the target as SG+prop does.
            assertColumnLocking(TableOne.SG_PROP, new SyntheticGradientSignal(synthesizer, true, 0, 1),
                    TableOne.sgProp(synthesizer, 0, 1));
        }
    }

    private static void assertColumnLocking(TableOne column, ErrorSignal direct, ConspiringModuleSignal unified) {
        LockingProfile printed = column.printedLocking();
        assertEquals(printed, LockingProfile.of(unified.needs()), column + ": unified form's needs " + unified.needs());
        assertEquals(printed, unified.locking(), column + ": unified locking()");
        assertEquals(printed, direct.locking(), column + ": direct rule's locking()");
        assertEquals(direct.needs(), unified.needs(), column + ": both forms read the same things");
    }

    @Test
    void onlyTheSgColumnIsUpdateUnlocked() {
        for (TableOne column : TableOne.values()) {
            assertEquals(column == TableOne.SG, !column.printedLocking().updateLocked(), column.name());
        }
    }

    // ------------------------------------------------------------------- tests of the check itself

    @Test
    void theCheckPassesOnTheFixedScenario() {
        assertAgree(run(FIXED, TableOneProperties::bpropAt));
        assertAgree(run(FIXED, (k, shape, context, s) -> {
            DMatrixRMaj a = faMatrix(k, shape, context);
            return faAt(a, a);
        }));
        assertTrue(nonTrivial(run(FIXED, TableOneProperties::bpropAt)));
    }

    @Test
    void theCheckReportsAFeedbackMatrixPerturbedInOneEntry() {
        assertThrows(AssertionFailedError.class, () -> assertAgree(run(FIXED, (k, shape, context, s) -> {
            DMatrixRMaj a = faMatrix(k, shape, context);
            DMatrixRMaj perturbed = Rig.copy(a);
            perturbed.data[0] += 1e-7;
            return faAt(a, perturbed);
        })));
        assertThrows(AssertionFailedError.class, () -> assertAgree(run(FIXED, (k, shape, context, s) -> {
            DMatrixRMaj a = dfaMatrix(k, shape, context);
            DMatrixRMaj perturbed = Rig.copy(a);
            perturbed.data[0] += 1e-7;
            return dfaAt(new DirectFeedbackSignal(a, COMPUTE), a, TableOne.dfa(perturbed, COMPUTE.blas()));
        })));
    }

    @Test
    void theCheckReportsASignFlippedTarget() {
        // Bprop's module with t = +∂L/∂h instead of −∂L/∂h gives −∂L/∂h.
        assertThrows(AssertionFailedError.class, () -> assertAgree(run(FIXED, (k, shape, context, s) ->
                new Comparison(new BackpropSignal(), new ConspiringModuleSignal(ModuleOutput.identity(),
                        ModuleTarget.UPSTREAM_PULLED_BACK, ModuleLoss.NEGATIVE_INNER_PRODUCT, 0, 1),
                        Set.of(SignalNeed.UPSTREAM_SIGNAL),
                        at -> chainAllowance(shape.widths().get(k + 1),
                                Rig.absTimesAbsTransposed(at.upstreamPreActivationError(), at.upstreamWeights())),
                        "chain of N = " + shape.widths().get(k + 1)))));
    }

    @Test
    void theCheckReportsASynthesizerOffInOneParameterOrAnotherAlpha() {
        assertThrows(AssertionFailedError.class, () -> assertAgree(run(FIXED, (k, shape, context, s) -> {
            Synthesizer direct = synthesizer(Form.LINEAR, k, shape, context, s, true);
            Synthesizer other = synthesizer(Form.LINEAR, k, shape, context, s, true);
            other.parameters().get(0).value().data[0] += 1e-7;
            return sgAt(direct, shape.boundaryWidth(k), shape.outputWidth(), true, TableOne.sg(other, true));
        })));
        assertThrows(AssertionFailedError.class, () -> assertAgree(run(FIXED, (k, shape, context, s) -> {
            Synthesizer synthesizer = synthesizer(Form.SIGMOID, k, shape, context, s, true);
            return sgPropAt(synthesizer, shape.boundaryWidth(k), shape.outputWidth(), 1, 0.5,
                    TableOne.sgProp(synthesizer, 1, 0.5 * (1 + 1e-7)));
        })));
        // The MLP form, whose allowance carries BatchNorm's 1/R: one BatchNorm shift off by 10⁻⁷, and α off by
        // 10⁻⁷ relative, are still reported; the unperturbed pairs agree.
        assertAgree(run(FIXED, (k, shape, context, s) -> {
            Synthesizer synthesizer = synthesizer(Form.MLP, k, shape, context, s, true);
            return sgPropAt(synthesizer, shape.boundaryWidth(k), shape.outputWidth(), 1, 0.5,
                    TableOne.sgProp(synthesizer, 1, 0.5));
        }));
        assertThrows(AssertionFailedError.class, () -> assertAgree(run(FIXED, (k, shape, context, s) -> {
            Synthesizer direct = synthesizer(Form.MLP, k, shape, context, s, true);
            Synthesizer other = synthesizer(Form.MLP, k, shape, context, s, true);
            Parameter shift = other.parameters().get(2);
            assertTrue(shift.name().endsWith("batchnorm/shift"), shift.name());
            shift.value().data[0] += 1e-7;
            return sgAt(direct, shape.boundaryWidth(k), shape.outputWidth(), true, TableOne.sg(other, true));
        })));
        assertThrows(AssertionFailedError.class, () -> assertAgree(run(FIXED, (k, shape, context, s) -> {
            Synthesizer synthesizer = synthesizer(Form.MLP, k, shape, context, s, true);
            return sgPropAt(synthesizer, shape.boundaryWidth(k), shape.outputWidth(), 1, 0.5,
                    TableOne.sgProp(synthesizer, 1, 0.5 * (1 + 1e-7)));
        })));
    }

    /** λ = α = 0 would be the identically zero signal, not a rule: refused. */
    @Test
    void aModuleWithBothWeightsZeroIsRefused() {
        Synthesizer synthesizer = Form.LINEAR.create(3, 2, new Sgd(0.1, 0), new RandomStreams(5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TableOne.sgProp(synthesizer, 0, 0));
        assertTrue(e.getMessage().contains("zero"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ConspiringModuleSignal(ModuleOutput.identity(),
                ModuleTarget.NEGATIVE_UPSTREAM_PULLED_BACK, ModuleLoss.NEGATIVE_INNER_PRODUCT, 0, 0));
        // Either weight alone is a rule: footnote 5 (λ = 0) and plain SG (α = 0).
        TableOne.sgProp(synthesizer, 0, 1);
        TableOne.sgProp(synthesizer, 1, 0);
        TableOne.sgProp(synthesizer, 0, -0.5);
    }

    @Test
    void theScenarioGeneratorCoversTheAdvertisedSpace() {
        List<Scenario> seen = new ArrayList<>();
        qt().withFixedSeed(SEED).withExamples(200).forAll(scenarios()).checkAssert(seen::add);
        assertTrue(seen.stream().anyMatch(s -> s.hidden().size() == 1));
        assertTrue(seen.stream().anyMatch(s -> s.hidden().size() == 3));
        assertTrue(seen.stream().allMatch(s -> s.hidden().stream().allMatch(w -> w >= 2 && w <= 8)));
        assertTrue(seen.stream().allMatch(s -> s.batch() >= 2 && s.batch() <= 6));
        assertTrue(seen.stream().anyMatch(s -> s.softmax() && s.hiddenBatchNorm()));
        assertTrue(seen.stream().anyMatch(s -> !s.softmax() && !s.hiddenBatchNorm()));
        assertTrue(seen.stream().anyMatch(s -> s.activation() == Activation.TANH));
        assertTrue(seen.stream().anyMatch(s -> s.activation() == Activation.RELU));
        assertTrue(seen.stream().noneMatch(s -> s.softmax() && s.outputs() < 2));
    }
}
