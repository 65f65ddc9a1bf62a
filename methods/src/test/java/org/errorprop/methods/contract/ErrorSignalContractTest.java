package org.errorprop.methods.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.Workspaces;
import org.errorprop.framework.loss.SigmoidLogLoss;
import org.errorprop.framework.loss.SoftmaxCrossEntropy;
import org.errorprop.framework.loss.SquaredError;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.training.TrainingStep;
import org.errorprop.methods.ChosenMethod;
import org.errorprop.methods.MethodCatalog;
import org.errorprop.methods.backprop.BackpropSignal;
import org.errorprop.methods.feedback.DirectFeedbackSignal;
import org.errorprop.methods.feedback.FeedbackAlignmentSignal;
import org.errorprop.methods.feedback.Kickback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opentest4j.AssertionFailedError;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link ErrorSignalContract} for every rule in {@link MethodCatalog#standard()}, one test per
 * check and rule; then deliberately broken rules that go through the very same checks, which must
 * catch them.
 */
class ErrorSignalContractTest {
    private static final Compute COMPUTE = Compute.sequential();


    static Stream<String> names() {
        return MethodCatalog.standard().names().stream();
    }

    private static ErrorSignalContract contract(String name) {
        return new ErrorSignalContract(name, () -> MethodCatalog.standard().create(name));
    }

    @Test
    void theSuiteCoversTheWholeCatalog() {
        assertTrue(MethodCatalog.standard().names().containsAll(List.of("backprop", "sg", "csg", "sg-prop",
                "sg-prop-only", "fa", "dfa", "kickback", "shallow", "sign-symmetric")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void assignsOneSignalPerBoundary(String name) {
        contract(name).checkAssignment();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void signalsAreBatchByWidthAndFinite(String name) {
        contract(name).checkShapes();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void computingASignalChangesNoWeightNoOwnParameterNoBoundaryMatrix(String name) {
        contract(name).checkSignalChangesNothing();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void aSignalIsRepeatableOnTheSameBoundary(String name) {
        contract(name).checkRepeatable();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void theTrainerConsumesTheSignalBeforeTheRuleLearns(String name) {
        contract(name).checkSignalIsConsumedBeforeLearn();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void theUpdateUsesTheSignalThatWasComputed(String name) {
        contract(name).checkUpdateUsesTheComputedSignal();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void theSameSeedGivesTheSameSignalsBitForBit(String name) {
        contract(name).checkSameSeedSameSignals();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void trainedBlocksChangeAndFrozenBlocksDoNot(String name) {
        contract(name).checkTrainsWhatItSays();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void trainedBoundariesGetNonZeroSignals(String name) {
        contract(name).checkTrainedBoundariesGetSignals();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void lockingFollowsFromNeeds(String name) {
        contract(name).checkLockingFollowsNeeds();
    }

    /** Option variants, given as spec keys and text as on the command line, so they go through each rule's descriptor. */
    static Stream<Arguments> variants() {
        return Stream.of(
                Arguments.of("csg", Map.of("synthesizer", "linear", "sg_at", "all")),
                Arguments.of("csg", Map.of("synthesizer", "label-only", "sg_at", "all")),
                Arguments.of("sg", Map.of("synthesizer", "sigmoid", "sg_at", "1")),
                Arguments.of("csg", Map.of("synthesizer", "linear", "sg_at", "output")),
                Arguments.of("sg", Map.of("sg_at", "output")),
                Arguments.of("sg-prop", Map.of("synthesizer", "sigmoid", "sg_at", "output")),
                Arguments.of("sg-prop", Map.of("synthesizer", "linear", "sg_at", "all", "sg_alpha", "0.5")),
                Arguments.of("sg-prop-only", Map.of("sg_at", "all")),
                Arguments.of("fa", Map.of("feedback_scale", "3")),
                Arguments.of("dfa", Map.of("feedback_scale", "0.5")));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void optionVariantsKeepTheContract(String name, Map<String, String> options) {
        ChosenMethod<?> chosen = MethodCatalog.standard().choose(name).with(options);
        assertNotEquals(MethodCatalog.standard().choose(name), chosen, "the options reached the rule's record");
        new ErrorSignalContract(name + " " + options, chosen::create).checkAll();
    }

    // ------------------------------------------------------------------------ kickback under CE

    @Test
    void kickbackUnderSoftmaxCrossEntropyIsZeroUpToRoundingAndSaysSo() {
        int outputs = 4;
        assertTrue(Kickback.vanishesUnder(new SoftmaxCrossEntropy(), outputs));
        // One softmax output: softmax(p) = 1 and e = Σy − y = 0, so it vanishes there too.
        assertTrue(Kickback.vanishesUnder(new SoftmaxCrossEntropy(), 1));
        assertFalse(Kickback.vanishesUnder(new SquaredError(), 1));
        assertFalse(Kickback.vanishesUnder(new SquaredError(), outputs));
        assertFalse(Kickback.vanishesUnder(new SigmoidLogLoss(), outputs));
        Network network = new Architecture(4, List.of(6, 5), outputs, Activation.RELU, false, true, false,
                Initializer.UNIFORM_FAN_IN).build(new RandomStreams(9), COMPUTE);
        List<DMatrixRMaj> signals = new java.util.ArrayList<>();
        Method recorded = Rig.method("kickback-recorded", (k, shape, context) -> {
            ErrorSignal inner = new Kickback().assign(shape, context).get(k - 1);
            return new ErrorSignal() {
                @Override
                public Set<SignalNeed> needs() {
                    return inner.needs();
                }

                @Override
                public DMatrixRMaj signal(Boundary at) {
                    DMatrixRMaj s = inner.signal(at);
                    signals.add(Rig.copy(s));
                    // The yardstick: the logits' size, which sets the rounding of softmax.
                    signals.add(Rig.copy(at.outputError()));
                    return s;
                }
            };
        });
        TrainingStep step = Rig.step(network, new SoftmaxCrossEntropy(), recorded, new Sgd(0.05, 0), 9);
        SplittableRandom random = new SplittableRandom(9);
        for (int s = 0; s < 3; s++) {
            step.run(Rig.uniform(8, 4, random, 3.0), Rig.oneHot(8, outputs, random));
        }
        assertEquals(3 * 2 * 2, signals.size());
        // Row sums of softmax(p) − y: Σ_c softmax_c carries a relative error of a few (K + 2) ε (the
        // log-sum-exp, K exponentials, their sum), and summing the K errors in the product with ones adds
        // γ_K Σ_c |e_c| ≤ γ_K · 2. So |δ̂| ≤ 8 (K + 4) ε is a safe bound; exactly zero only in exact arithmetic.
        double bound = 8 * (outputs + 4) * Rig.EPS;
        for (int i = 0; i < signals.size(); i += 2) {
            DMatrixRMaj signal = signals.get(i);
            assertTrue(Rig.maxAbs(signal) <= bound, "kickback signal " + Rig.maxAbs(signal) + " > " + bound);
            assertTrue(Rig.maxAbs(signals.get(i + 1)) > 0.1, "while the output error itself is not small");
        }
    }

    @Test
    void kickbackUnderScalarSquaredErrorIsNotZero() {
        ErrorSignalContract.Run run = contract("kickback").observe(true);
        assertTrue(run.calls().stream().allMatch(c -> Rig.maxAbs(c.value()) > 1e-6));
    }

    // -------------------------------------------------------------------------- broken rules

    private static ErrorSignalContract broken(String name, Rig.PerBoundary perBoundary) {
        Supplier<Method> factory = () -> Rig.method(name, perBoundary);
        return new ErrorSignalContract(name, factory);
    }

    /** Backprop's signal, but it nudges {@code W_{k+1}} while computing it. */
    static ErrorSignalContract weightWriter() {
        return broken("writes-weights", (k, shape, context) -> new ErrorSignal() {
            @Override
            public Set<SignalNeed> needs() {
                return Set.of(SignalNeed.UPSTREAM_SIGNAL);
            }

            @Override
            public DMatrixRMaj signal(Boundary at) {
                at.upstreamWeights().data[0] += 1e-3;
                return at.upstreamErrorCarriedBy(at.upstreamWeights());
            }
        });
    }

    /** Backprop's signal, scaling the upstream error in place on the way. */
    static ErrorSignalContract boundaryWriter() {
        return broken("writes-boundary", (k, shape, context) -> new ErrorSignal() {
            @Override
            public Set<SignalNeed> needs() {
                return Set.of(SignalNeed.UPSTREAM_SIGNAL);
            }

            @Override
            public DMatrixRMaj signal(Boundary at) {
                DMatrixRMaj e = at.upstreamPreActivationError();
                for (int i = 0; i < e.getNumElements(); i++) {
                    e.data[i] *= 0.5;
                }
                return at.upstreamErrorCarriedBy(at.upstreamWeights());
            }
        });
    }

    /** A rule that "learns" inside signal(): its own parameter moves on every call. */
    static ErrorSignalContract learnsInSignal() {
        return broken("learns-in-signal", (k, shape, context) -> new ErrorSignal() {
            private final Parameter gain = Parameter.zeros("gain", 1, 1, false);

            @Override
            public Set<SignalNeed> needs() {
                return Set.of(SignalNeed.UPSTREAM_SIGNAL);
            }

            @Override
            public DMatrixRMaj signal(Boundary at) {
                gain.value().data[0] += 0.1;
                DMatrixRMaj s = Rig.copy(at.upstreamErrorCarriedBy(at.upstreamWeights()));
                for (int i = 0; i < s.getNumElements(); i++) {
                    s.data[i] *= 1 + gain.value().data[0];
                }
                return s;
            }

            @Override
            public List<Parameter> parameters() {
                return List.of(gain);
            }
        });
    }

    /** Declares the upstream signal, returns zeros: nothing below ever learns. */
    static ErrorSignalContract silentZero() {
        return broken("silent-zero", (k, shape, context) -> new ErrorSignal() {
            @Override
            public Set<SignalNeed> needs() {
                return Set.of(SignalNeed.UPSTREAM_SIGNAL);
            }

            @Override
            public DMatrixRMaj signal(Boundary at) {
                return new DMatrixRMaj(at.batchSize(), shape.boundaryWidth(k));
            }
        });
    }

    /** Feedback alignment whose matrix comes from a fresh, unseeded {@link java.util.Random}. */
    static ErrorSignalContract unseeded() {
        return broken("unseeded-fa", (k, shape, context) -> {
            java.util.Random random = new java.util.Random();
            DMatrixRMaj a = new DMatrixRMaj(shape.boundaryWidth(k), shape.widths().get(k + 1));
            for (int i = 0; i < a.getNumElements(); i++) {
                a.data[i] = (2 * random.nextDouble() - 1) / Math.sqrt(a.numRows);
            }
            return new FeedbackAlignmentSignal(a);
        });
    }

    /** DFA with a feedback matrix one row too many: the signal is one column too wide. */
    static ErrorSignalContract wrongWidth() {
        return broken("wrong-width", (k, shape, context) -> {
            DMatrixRMaj a = new DMatrixRMaj(shape.boundaryWidth(k) + 1, shape.outputWidth());
            java.util.Arrays.fill(a.data, 0.5);
            return new DirectFeedbackSignal(a, COMPUTE);
        });
    }

    /** Returns its own workspace from signal() and reuses it as scratch in learn(). */
    static ErrorSignalContract clobbersInLearn() {
        return broken("clobbers-in-learn", (k, shape, context) -> new ErrorSignal() {
            private final DMatrixRMaj workspace = new DMatrixRMaj(1, 1);

            @Override
            public Set<SignalNeed> needs() {
                return Set.of(SignalNeed.UPSTREAM_SIGNAL);
            }

            @Override
            public DMatrixRMaj signal(Boundary at) {
                DMatrixRMaj t = at.upstreamErrorCarriedBy(at.upstreamWeights());
                Workspaces.fit(workspace, t.numRows, t.numCols);
                System.arraycopy(t.data, 0, workspace.data, 0, t.getNumElements());
                return workspace;
            }

            @Override
            public void learn(Boundary at) {
                java.util.Arrays.fill(workspace.data, 0.0);
            }
        });
    }

    @Test
    void aCorrectHandWrittenRulePassesEveryCheck() {
        assertDoesNotThrow(() -> broken("backprop-by-hand", (k, shape, context) -> new BackpropSignal()).checkAll());
    }

    @Test
    void aRuleThatWritesIntoTheWeightsIsCaught() {
        ErrorSignalContract contract = weightWriter();
        AssertionFailedError e = assertThrows(AssertionFailedError.class, contract::checkSignalChangesNothing);
        assertTrue(e.getMessage().contains("linear/weight"), e.getMessage());
    }

    @Test
    void aRuleThatWritesIntoTheBoundaryIsCaught() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, boundaryWriter()::checkSignalChangesNothing);
        assertTrue(e.getMessage().contains("boundary matrix"), e.getMessage());
    }

    @Test
    void aRuleThatChangesItsOwnStateInSignalIsCaught() {
        ErrorSignalContract contract = learnsInSignal();
        assertThrows(AssertionFailedError.class, contract::checkSignalChangesNothing);
        assertThrows(AssertionFailedError.class, contract::checkRepeatable);
    }

    @Test
    void aSilentZeroRuleIsCaught() {
        ErrorSignalContract contract = silentZero();
        assertThrows(AssertionFailedError.class, contract::checkTrainsWhatItSays);
        assertThrows(AssertionFailedError.class, contract::checkTrainedBoundariesGetSignals);
        // ... and only by those: it is otherwise well behaved.
        assertDoesNotThrow(contract::checkSignalChangesNothing);
        assertDoesNotThrow(contract::checkSameSeedSameSignals);
    }

    @Test
    void anUnseededRuleIsCaught() {
        ErrorSignalContract contract = unseeded();
        assertThrows(AssertionFailedError.class, contract::checkSameSeedSameSignals);
        // Its two training runs use different matrices: the run-against-run comparison of the update check
        // sees any difference in the signals that reach the update.
        assertThrows(AssertionFailedError.class, contract::checkUpdateUsesTheComputedSignal);
        assertDoesNotThrow(contract::checkRepeatable);
        assertDoesNotThrow(contract::checkSignalChangesNothing);
        assertDoesNotThrow(contract::checkTrainsWhatItSays);
    }

    @Test
    void aRuleOfTheWrongWidthIsCaught() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, wrongWidth()::checkShapes);
        assertTrue(e.getMessage().contains("expected batch x width_k"), e.getMessage());
    }

    /**
     * The trainer consumes {@code δ̂_k} before {@code learn()}, so a rule may reuse the matrix it returned as
     * scratch while learning (the synthetic-gradient rules' synthesizers do: fitting reruns the forward pass
     * into the workspace that held the prediction). Such a rule keeps the whole contract.
     */
    @Test
    void aRuleWhoseLearnReusesItsSignalsWorkspaceKeepsTheContract() {
        ErrorSignalContract contract = clobbersInLearn();
        // Not vacuous: its learn() really does overwrite what signal() returned.
        List<ErrorSignalContract.Call> calls = contract.observe(true).calls();
        assertTrue(calls.stream().anyMatch(c -> Boolean.FALSE.equals(c.survivedLearn())));
        assertDoesNotThrow(contract::checkAll);
    }

    @Test
    void theConsumedBeforeLearnCheckSeesASignalPoisonedBeforeUse() {
        // The check hands the trainer private copies and poisons them in learn(); poisoning them before the
        // trainer reads them must change the weights, for a rule without state and for one that learns.
        for (String name : List.of("backprop", "sg", "dfa")) {
            ErrorSignalContract contract = contract(name);
            assertDoesNotThrow(() -> contract.checkSignalIsConsumedBeforeLearn(ErrorSignalContract.Handover.POISONED_IN_LEARN));
            AssertionFailedError e = assertThrows(AssertionFailedError.class,
                    () -> contract.checkSignalIsConsumedBeforeLearn(ErrorSignalContract.Handover.POISONED_AT_ONCE));
            assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        }
    }

    @Test
    void aRuleThatReadsWhatItDidNotDeclareIsRefusedByTheTrainer() {
        ErrorSignalContract undeclared = broken("reads-undeclared", (k, shape, context) -> new ErrorSignal() {
            @Override
            public Set<SignalNeed> needs() {
                return Set.of();
            }

            @Override
            public DMatrixRMaj signal(Boundary at) {
                return Rig.copy(at.activation());
            }
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, undeclared::checkShapes);
        assertTrue(e.getMessage().contains("OWN_ACTIVATION"), e.getMessage());

        ErrorSignalContract underDeclared = broken("reads-upstream-as-sg", (k, shape, context) -> new ErrorSignal() {
            @Override
            public Set<SignalNeed> needs() {
                return Set.of(SignalNeed.OWN_ACTIVATION, SignalNeed.LABEL);
            }

            @Override
            public DMatrixRMaj signal(Boundary at) {
                return at.upstreamErrorCarriedBy(at.upstreamWeights());
            }
        });
        assertThrows(IllegalStateException.class, underDeclared::checkTrainsWhatItSays);
    }
}
