package org.errorprop.framework.training;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The trainer's side of the error-signal seam: a boundary hands out what a signal declared, and only
 * that. (Backprop through {@link TrainingStep} is checked against direct backward passes in the
 * methods module, which owns the rule.)
 */
class TrainingStepTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static final Loss LOSS = LossFunction.SOFTMAX_CROSS_ENTROPY.loss();

    /** The same signal at every boundary. */
    private record EverywhereMethod(ErrorSignal signal) implements Method {
        @Override
        public String name() {
            return "test-everywhere";
        }

        @Override
        public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
            List<ErrorSignal> signals = new ArrayList<>();
            for (int k = 1; k <= shape.boundaries(); k++) {
                signals.add(signal);
            }
            return signals;
        }
    }

    /** A signal with fixed needs that reads whatever {@code reads} reads, then returns zeros. */
    private static ErrorSignal signal(Set<SignalNeed> needs, Set<SignalNeed> learningNeeds,
                                      Function<Boundary, Object> reads, Function<Boundary, Object> learnReads) {
        return new ErrorSignal() {
            private final DMatrixRMaj zeros = new DMatrixRMaj(1, 1);

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
                reads.apply(at);
                zeros.reshape(at.batchSize(), WIDTHS.get(at.index()));
                zeros.zero();
                return zeros;
            }

            @Override
            public void learn(Boundary at) {
                learnReads.apply(at);
            }
        };
    }

    private static final List<Integer> WIDTHS = List.of(3, 4, 5, 2);

    private static Network network() {
        return new Architecture(3, WIDTHS.subList(1, 3), 2, Activation.RELU, true, true, false,
                Initializer.UNIFORM_FAN_IN).build(new RandomStreams(5), COMPUTE);
    }

    private static TrainingStep step(Network network, ErrorSignal signal) {
        return new TrainingStep(network, LOSS, new EverywhereMethod(signal), new Sgd(0.01, 0),
                new MethodContext(new RandomStreams(5), new Sgd(0.01, 0), COMPUTE));
    }

    private static DMatrixRMaj inputs() {
        return Matrices.uniform(6, 3, -1, 1, new SplittableRandom(6));
    }

    private static DMatrixRMaj targets() {
        DMatrixRMaj y = new DMatrixRMaj(6, 2);
        for (int r = 0; r < 6; r++) {
            y.set(r, r % 2, 1.0);
        }
        return y;
    }

    /** One read per need, through every accessor guarded by it. */
    private static final Map<SignalNeed, List<Function<Boundary, Object>>> READS = Map.of(
            SignalNeed.OWN_ACTIVATION, List.of(Boundary::activation),
            SignalNeed.LABEL, List.of(Boundary::targets),
            SignalNeed.OUTPUT_ERROR, List.of(Boundary::outputError),
            SignalNeed.UPSTREAM_SIGNAL, List.of(Boundary::upstreamPreActivationError, Boundary::upstreamWeights,
                    at -> at.upstreamErrorCarriedBy(new DMatrixRMaj(WIDTHS.get(at.index()),
                            WIDTHS.get(at.index() + 1)))));

    @Test
    void readingAnUndeclaredNeedThrowsIllegalStateException() {
        for (SignalNeed need : SignalNeed.values()) {
            Set<SignalNeed> allButOne = EnumSet.complementOf(EnumSet.of(need));
            for (Function<Boundary, Object> read : READS.get(need)) {
                ErrorSignal cheat = signal(allButOne, Set.of(), read, at -> null);
                IllegalStateException thrown = assertThrows(IllegalStateException.class,
                        () -> step(network(), cheat).run(inputs(), targets()), need.name());
                assertTrue(thrown.getMessage().contains(need.name()), thrown.getMessage());
            }
        }
    }

    @Test
    void readingADeclaredNeedIsAllowed() {
        for (SignalNeed need : SignalNeed.values()) {
            for (Function<Boundary, Object> read : READS.get(need)) {
                ErrorSignal honest = signal(EnumSet.of(need), Set.of(), read, at -> null);
                assertDoesNotThrow(() -> step(network(), honest).run(inputs(), targets()), need.name());
            }
        }
        // index and batch size need nothing
        ErrorSignal modest = signal(Set.of(), Set.of(), at -> at.index() + at.batchSize(), at -> null);
        assertDoesNotThrow(() -> step(network(), modest).run(inputs(), targets()));
    }

    @Test
    void learningNeedsAreGrantedToLearnButNotToSignal() {
        Set<SignalNeed> upstream = EnumSet.of(SignalNeed.UPSTREAM_SIGNAL);
        ErrorSignal synthesizerLike = signal(EnumSet.of(SignalNeed.OWN_ACTIVATION), upstream,
                Boundary::activation, TrainingStepTest::pulledBack);
        assertDoesNotThrow(() -> step(network(), synthesizerLike).run(inputs(), targets()));

        ErrorSignal peeking = signal(EnumSet.of(SignalNeed.OWN_ACTIVATION), upstream,
                TrainingStepTest::pulledBack, at -> null);
        assertThrows(IllegalStateException.class, () -> step(network(), peeking).run(inputs(), targets()));
    }

    @Test
    void theBoundaryHandsOutTheStepsOwnMatrices() {
        // A spy at every boundary records what it was given; a twin network, run by hand, says what it should be.
        List<String> problems = new ArrayList<>();
        Network twin = network();
        DMatrixRMaj x = inputs();
        DMatrixRMaj y = targets();
        List<DMatrixRMaj> hidden = new ArrayList<>();
        DMatrixRMaj current = x;
        for (int k = 1; k <= twin.shape().blocks(); k++) {
            current = twin.block(k).forward(current, Mode.TRAIN).copy();
            hidden.add(current);
        }
        DMatrixRMaj outputError = new DMatrixRMaj(current.numRows, current.numCols);
        LOSS.outputError(current, y, outputError);

        List<Integer> visited = new ArrayList<>();
        ErrorSignal spy = signal(EnumSet.allOf(SignalNeed.class), Set.of(), at -> {
            int k = at.index();
            visited.add(k);
            check(problems, "h_" + k, hidden.get(k - 1), at.activation());
            check(problems, "y", y, at.targets());
            check(problems, "dL/dp", outputError, at.outputError());
            check(problems, "W_" + (k + 1), twin.block(k + 1).linear().weight().value(), at.upstreamWeights());
            DMatrixRMaj pulledBack = new DMatrixRMaj(at.batchSize(), WIDTHS.get(k));
            COMPUTE.blas().multiplyTransposeB(at.upstreamPreActivationError(), at.upstreamWeights(), pulledBack);
            check(problems, "carried by W at " + k, pulledBack, at.upstreamErrorCarriedBy(at.upstreamWeights()));
            assertEquals(6, at.batchSize());
            return null;
        }, at -> null);
        step(network(), spy).run(x, y);
        assertEquals(List.of(2, 1), visited, "boundaries are visited from the top down");
        assertTrue(problems.isEmpty(), problems.toString());
    }

    private static DMatrixRMaj pulledBack(Boundary at) {
        return at.upstreamErrorCarriedBy(at.upstreamWeights());
    }

    private static void check(List<String> problems, String what, DMatrixRMaj expected, DMatrixRMaj actual) {
        if (!Matrices.identical(expected, actual)) {
            problems.add(what);
        }
    }

    @Test
    void aMethodAssigningTheWrongNumberOfSignalsIsRejected() {
        Method broken = new Method() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
                return List.of();
            }
        };
        assertThrows(IllegalStateException.class, () -> new TrainingStep(network(), LOSS, broken, new Sgd(0.1, 0),
                new MethodContext(new RandomStreams(1), new Sgd(0.1, 0), COMPUTE)));
    }
}
