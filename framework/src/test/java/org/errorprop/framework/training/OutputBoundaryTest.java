package org.errorprop.framework.training;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.testing.Matrices;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seam at the output boundary (ADR-0008): {@link Method#outputSignal} replaces {@code ∂L/∂p} for the
 * top block; the boundary there grants what was declared and nothing upstream; a learning signal may reuse
 * its workspace; the learning-rate factor reaches the step and the signals.
 */
class OutputBoundaryTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static final Loss LOSS = LossFunction.SQUARED_ERROR.loss();
    private static final int BATCH = 6;

    /** The chain rule at every hidden boundary, and {@code output} (maybe none) at the output. */
    private record ChainWithOutput(Supplier<ErrorSignal> hidden, ErrorSignal output) implements Method {
        @Override
        public String name() {
            return "test-chain-with-output";
        }

        @Override
        public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
            List<ErrorSignal> signals = new ArrayList<>();
            for (int k = 1; k <= shape.boundaries(); k++) {
                signals.add(hidden.get());
            }
            return signals;
        }

        @Override
        public Optional<ErrorSignal> outputSignal(NetworkShape shape, MethodContext context) {
            return Optional.ofNullable(output);
        }
    }

    private static ErrorSignal chainRule() {
        return signal(Set.of(SignalNeed.UPSTREAM_SIGNAL), Set.of(), at -> at.upstreamErrorCarriedBy(at.upstreamWeights()),
                at -> null);
    }

    /** A signal that returns what {@code produce} returns and runs {@code learn} when it learns. */
    private static ErrorSignal signal(Set<SignalNeed> needs, Set<SignalNeed> learningNeeds,
                                      Function<Boundary, DMatrixRMaj> produce, Function<Boundary, Object> learn) {
        return new ErrorSignal() {
            @Override
            public Set<SignalNeed> needs() {
                return needs;
            }

            @Override
            public Set<SignalNeed> learningNeeds() {
                return learningNeeds;
            }

            @Override
            public DMatrixRMaj signal(Boundary at) {
                return produce.apply(at);
            }

            @Override
            public void learn(Boundary at) {
                learn.apply(at);
            }
        };
    }

    /** A deep linear network (identity, no BatchNorm: every block's tail is empty) or a ReLU one with BatchNorm. */
    private static Network network(boolean linear) {
        return new Architecture(3, List.of(4, 5), 2, linear ? Activation.IDENTITY : Activation.RELU, true, !linear,
                !linear, Initializer.UNIFORM_FAN_IN).build(new RandomStreams(5), COMPUTE);
    }

    private static TrainingStep step(Network network, Method method) {
        return new TrainingStep(network, LOSS, method, new Sgd(0.05, 0),
                new MethodContext(new RandomStreams(5), new Sgd(0.05, 0), COMPUTE));
    }

    private static DMatrixRMaj inputs() {
        return Matrices.uniform(BATCH, 3, -1, 1, new SplittableRandom(6));
    }

    private static DMatrixRMaj targets() {
        return Matrices.uniform(BATCH, 2, -1, 1, new SplittableRandom(7));
    }

    /** Trains three steps and returns every parameter value, in order. */
    private static List<DMatrixRMaj> trainThreeSteps(boolean linear, Method method) {
        Network network = network(linear);
        TrainingStep step = step(network, method);
        for (int t = 0; t < 3; t++) {
            step.run(inputs(), targets());
        }
        List<DMatrixRMaj> values = new ArrayList<>();
        for (Parameter p : network.parameters()) {
            values.add(p.value().copy());
        }
        return values;
    }

    private static boolean allIdentical(List<DMatrixRMaj> a, List<DMatrixRMaj> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!Matrices.identical(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static DMatrixRMaj scaled(DMatrixRMaj m, double factor, DMatrixRMaj into) {
        into.reshape(m.numRows, m.numCols);
        for (int i = 0; i < m.getNumElements(); i++) {
            into.data[i] = factor * m.data[i];
        }
        return into;
    }

    /**
     * A signal that hands back {@code ∂L/∂p} itself trains exactly as the chain rule with no output signal,
     * bit for bit; one that hands back {@code 2 ∂L/∂p} does not (so the comparison can fail).
     */
    @Test
    void theTrueOutputErrorAsOutputSignalIsTheChainRule() {
        for (boolean linear : new boolean[] {true, false}) {
            List<DMatrixRMaj> chain = trainThreeSteps(linear, new ChainWithOutput(OutputBoundaryTest::chainRule, null));
            ErrorSignal truth = signal(Set.of(SignalNeed.OUTPUT_ERROR), Set.of(), Boundary::outputError, at -> null);
            assertTrue(allIdentical(chain, trainThreeSteps(linear, new ChainWithOutput(OutputBoundaryTest::chainRule,
                    truth))), "linear " + linear);
            DMatrixRMaj doubled = new DMatrixRMaj(1, 1);
            ErrorSignal twice = signal(Set.of(SignalNeed.OUTPUT_ERROR), Set.of(),
                    at -> scaled(at.outputError(), 2, doubled), at -> null);
            assertFalse(allIdentical(chain, trainThreeSteps(linear, new ChainWithOutput(OutputBoundaryTest::chainRule,
                    twice))), "linear " + linear);
        }
    }

    /**
     * The output signal's {@code δ̂_p} is what the top block learns from: with a fixed {@code D} the top weight
     * gradient is {@code h_{K-1}ᵀ D / n}, and the boundary below reads {@code ∂L/∂g_K = D} (no tail).
     */
    @Test
    void theTopBlockLearnsFromTheOutputSignal() {
        Network network = network(true);
        DMatrixRMaj d = Matrices.uniform(BATCH, 2, -1, 1, new SplittableRandom(8));
        ErrorSignal fixed = signal(Set.of(), Set.of(), at -> d, at -> null);
        List<String> problems = new ArrayList<>();
        ErrorSignal spy = signal(Set.of(SignalNeed.UPSTREAM_SIGNAL), Set.of(), at -> {
            if (at.index() == 2 && !Matrices.identical(d, at.upstreamPreActivationError())) {
                problems.add("∂L/∂g_3 is not the output signal");
            }
            return at.upstreamErrorCarriedBy(at.upstreamWeights());
        }, at -> null);
        TrainingStep step = step(network, new ChainWithOutput(() -> spy, fixed));
        DMatrixRMaj h2 = network.block(2).forward(network.block(1).forward(inputs(), Mode.TRAIN), Mode.TRAIN).copy();
        DMatrixRMaj w3 = network.block(3).linear().weight().value().copy();
        step.run(inputs(), targets());
        DMatrixRMaj expected = new DMatrixRMaj(w3.numRows, w3.numCols);
        COMPUTE.blas().multiplyTransposeA(h2, d, expected);
        DMatrixRMaj w3After = network.block(3).linear().weight().value();
        for (int i = 0; i < expected.getNumElements(); i++) {
            // w - 0.05 · g / 6 computed as w - 0.05 · (g · (1/6)): a few ulps of O(1) numbers
            assertEquals(w3.data[i] - 0.05 * expected.data[i] / BATCH, w3After.data[i], 1e-15, "entry " + i);
        }
        assertTrue(problems.isEmpty(), problems.toString());
    }

    @Test
    void nothingIsUpstreamOfTheOutput() {
        for (boolean learning : new boolean[] {false, true}) {
            Set<SignalNeed> upstream = Set.of(SignalNeed.UPSTREAM_SIGNAL);
            ErrorSignal reaching = signal(learning ? Set.of() : upstream, learning ? upstream : Set.of(),
                    at -> null, at -> null);
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> step(network(true), new ChainWithOutput(OutputBoundaryTest::chainRule, reaching)));
            assertTrue(thrown.getMessage().contains("output boundary"), thrown.getMessage());
        }
    }

    /** At the output: index K, {@code p} as the activation, the labels; {@code ∂L/∂p} only when declared. */
    @Test
    void theOutputBoundaryHandsOutPAndGrantsTheTargetOnlyToLearn() {
        Network twin = network(false);
        DMatrixRMaj p = twin.forward(inputs(), Mode.TRAIN).copy();
        DMatrixRMaj e = new DMatrixRMaj(p.numRows, p.numCols);
        LOSS.outputError(p, targets(), e);
        List<String> problems = new ArrayList<>();
        DMatrixRMaj zeros = new DMatrixRMaj(BATCH, 2);
        ErrorSignal synthesizerLike = signal(EnumSet.of(SignalNeed.OWN_ACTIVATION, SignalNeed.LABEL),
                EnumSet.of(SignalNeed.OUTPUT_ERROR), at -> {
                    if (at.index() != 3 || !Matrices.identical(p, at.activation())
                            || !Matrices.identical(targets(), at.targets())) {
                        problems.add("the output boundary is not (3, p, y)");
                    }
                    return zeros;
                }, at -> {
                    if (!Matrices.identical(e, at.outputError())) {
                        problems.add("the target is not ∂L/∂p");
                    }
                    return null;
                });
        assertDoesNotThrow(() -> step(network(false), new ChainWithOutput(OutputBoundaryTest::chainRule,
                synthesizerLike)).run(inputs(), targets()));
        assertTrue(problems.isEmpty(), problems.toString());

        ErrorSignal peeking = signal(EnumSet.of(SignalNeed.OWN_ACTIVATION), EnumSet.of(SignalNeed.OUTPUT_ERROR),
                Boundary::outputError, at -> null);
        assertThrows(IllegalStateException.class, () -> step(network(false),
                new ChainWithOutput(OutputBoundaryTest::chainRule, peeking)).run(inputs(), targets()));
    }

    /**
     * A signal may overwrite its own workspace when it learns (a synthesizer's prediction buffer). In a
     * network whose blocks have no tail, {@code ∂L/∂g} is that very workspace, and the boundary below still
     * reads it: the step keeps a copy. The same run with a signal that never overwrites gives the same
     * numbers; without the copy the boundaries below read the NaNs.
     */
    @Test
    void aSignalMayReuseItsWorkspaceWhenItLearns() {
        for (boolean atOutput : new boolean[] {true, false}) {
            List<DMatrixRMaj> clean = trainThreeSteps(true, reusing(atOutput, false));
            List<DMatrixRMaj> overwriting = trainThreeSteps(true, reusing(atOutput, true));
            assertTrue(allIdentical(clean, overwriting), "at the output " + atOutput);
            for (DMatrixRMaj value : overwriting) {
                for (double x : value.data) {
                    assertTrue(Double.isFinite(x), "at the output " + atOutput);
                }
            }
        }
    }

    /** Half the true gradient, from a workspace that learning fills with NaN when {@code overwrite}. */
    private static Method reusing(boolean atOutput, boolean overwrite) {
        Supplier<ErrorSignal> halfTruth = () -> {
            DMatrixRMaj workspace = new DMatrixRMaj(1, 1);
            boolean output = atOutput;
            return signal(Set.of(output ? SignalNeed.OUTPUT_ERROR : SignalNeed.UPSTREAM_SIGNAL), Set.of(),
                    at -> scaled(output ? at.outputError() : at.upstreamErrorCarriedBy(at.upstreamWeights()), 0.5,
                            workspace),
                    at -> {
                        if (overwrite) {
                            java.util.Arrays.fill(workspace.data, Double.NaN);
                        }
                        return null;
                    });
        };
        return atOutput ? new ChainWithOutput(OutputBoundaryTest::chainRule, halfTruth.get())
                : new ChainWithOutput(halfTruth, null);
    }

    /**
     * The factor scales the step (0 changes nothing, 1 is the unscheduled step bit for bit) and reaches the
     * output signal when it learns.
     */
    @Test
    void theLearningRateFactorScalesTheStepAndReachesTheSignals() {
        List<Double> seen = new ArrayList<>();
        ErrorSignal recording = signal(Set.of(SignalNeed.OUTPUT_ERROR), Set.of(), Boundary::outputError, at -> {
            seen.add(at.learningRateFactor());
            return null;
        });
        Network frozen = network(false);
        List<DMatrixRMaj> before = new ArrayList<>();
        frozen.parameters().forEach(p -> before.add(p.value().copy()));
        step(frozen, new ChainWithOutput(OutputBoundaryTest::chainRule, recording)).run(inputs(), targets(), false, 0.0);
        List<DMatrixRMaj> after = new ArrayList<>();
        frozen.parameters().forEach(p -> after.add(p.value().copy()));
        assertTrue(allIdentical(before, after), "factor 0 changed a parameter");

        Network unit = network(false);
        step(unit, new ChainWithOutput(OutputBoundaryTest::chainRule, recording)).run(inputs(), targets(), false, 1.0);
        List<DMatrixRMaj> unitValues = new ArrayList<>();
        unit.parameters().forEach(p -> unitValues.add(p.value().copy()));
        Network plain = network(false);
        step(plain, new ChainWithOutput(OutputBoundaryTest::chainRule, null)).run(inputs(), targets());
        List<DMatrixRMaj> plainValues = new ArrayList<>();
        plain.parameters().forEach(p -> plainValues.add(p.value().copy()));
        assertTrue(allIdentical(unitValues, plainValues), "factor 1 is not the unscheduled step");
        assertFalse(allIdentical(before, unitValues), "factor 1 changed nothing");
        assertEquals(List.of(0.0, 1.0), seen);
    }

    /** Diagnostics probe the output signal as boundary K: the true output error has cosine 1 and norm ratio 1. */
    @Test
    void theProbeComparesTheOutputSignalWithTheTrueOutputError() {
        ErrorSignal truth = signal(Set.of(SignalNeed.OUTPUT_ERROR), Set.of(), Boundary::outputError, at -> null);
        TrainingStep step = step(network(false), new ChainWithOutput(OutputBoundaryTest::chainRule, truth));
        step.run(inputs(), targets(), true);
        EpochDiagnostics diagnostics = step.finishDiagnostics(1);
        assertEquals(3, diagnostics.boundaries().size());
        BoundaryDiagnostics output = diagnostics.boundaries().get(2);
        assertEquals(3, output.boundary());
        // one cosine and one ratio of identical vectors: a few rounding errors of a dot product of 12 terms
        assertEquals(1.0, output.cosine(), 1e-14);
        assertEquals(1.0, output.normRatio(), 1e-14);

        TrainingStep plain = step(network(false), new ChainWithOutput(OutputBoundaryTest::chainRule, null));
        plain.run(inputs(), targets(), true);
        assertEquals(2, plain.finishDiagnostics(1).boundaries().size(), "no output entry without an output signal");
    }

    /**
     * {@code upstreamErrorCarriedBy(W)} is kept for the visit, but another carrier in between replaces it:
     * W, then B, then W again each give their own product.
     */
    @Test
    void theKeptPullBackIsReplacedByAnotherCarrier() {
        DMatrixRMaj b = Matrices.uniform(5, 2, -1, 1, new SplittableRandom(9));
        List<String> problems = new ArrayList<>();
        ErrorSignal mixing = signal(Set.of(SignalNeed.UPSTREAM_SIGNAL), Set.of(), at -> {
            if (at.index() != 2) {
                return at.upstreamErrorCarriedBy(at.upstreamWeights());
            }
            DMatrixRMaj g = at.upstreamPreActivationError();
            DMatrixRMaj byW = new DMatrixRMaj(g.numRows, 5);
            COMPUTE.blas().multiplyTransposeB(g, at.upstreamWeights(), byW);
            DMatrixRMaj byB = new DMatrixRMaj(g.numRows, 5);
            COMPUTE.blas().multiplyTransposeB(g, b, byB);
            if (!Matrices.identical(byW, at.upstreamErrorCarriedBy(at.upstreamWeights()))) {
                problems.add("first W");
            }
            if (!Matrices.identical(byB, at.upstreamErrorCarriedBy(b))) {
                problems.add("B");
            }
            if (!Matrices.identical(byW, at.upstreamErrorCarriedBy(at.upstreamWeights()))) {
                problems.add("W after B");
            }
            return at.upstreamErrorCarriedBy(at.upstreamWeights());
        }, at -> null);
        step(network(false), new ChainWithOutput(() -> mixing, null)).run(inputs(), targets());
        assertTrue(problems.isEmpty(), problems.toString());
    }
}
