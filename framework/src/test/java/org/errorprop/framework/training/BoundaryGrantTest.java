package org.errorprop.framework.training;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.RestrictedBoundary;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.testing.Matrices;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grants are per boundary and per phase: what one boundary's signal (or its learning) was granted is gone at
 * the next boundary, and a {@link RestrictedBoundary} refuses what its subset leaves out while handing the rest
 * through unchanged.
 */
class BoundaryGrantTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static final List<Integer> WIDTHS = List.of(3, 4, 5, 2);

    /** Per boundary, its needs, its learning needs, what its signal reads and what its learning reads. */
    private record Spec(Set<SignalNeed> needs, Set<SignalNeed> learningNeeds, Consumer<Boundary> reads,
                        Consumer<Boundary> learnReads) {
    }

    private static Method method(Map<Integer, Spec> perBoundary) {
        return new Method() {
            @Override
            public String name() {
                return "test-per-boundary";
            }

            @Override
            public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
                List<ErrorSignal> signals = new ArrayList<>();
                for (int k = 1; k <= shape.boundaries(); k++) {
                    Spec spec = perBoundary.get(k);
                    signals.add(new ErrorSignal() {
                        private final DMatrixRMaj zeros = new DMatrixRMaj(1, 1);

                        @Override
                        public Set<SignalNeed> needs() {
                            return spec.needs();
                        }

                        @Override
                        public Set<SignalNeed> learningNeeds() {
                            return spec.learningNeeds();
                        }

                        @Override
                        public DMatrixRMaj signal(Boundary at) {
                            spec.reads().accept(at);
                            zeros.reshape(at.batchSize(), WIDTHS.get(at.index()));
                            zeros.zero();
                            return zeros;
                        }

                        @Override
                        public void learn(Boundary at) {
                            spec.learnReads().accept(at);
                        }
                    });
                }
                return signals;
            }
        };
    }

    private static void train(Map<Integer, Spec> perBoundary) {
        Network network = new Architecture(3, WIDTHS.subList(1, 3), 2, Activation.RELU, true, false, false,
                Initializer.UNIFORM_FAN_IN).build(new RandomStreams(5), COMPUTE);
        TrainingStep step = new TrainingStep(network, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), method(perBoundary),
                new Sgd(0.01, 0), new MethodContext(new RandomStreams(5), new Sgd(0.01, 0), COMPUTE));
        DMatrixRMaj y = new DMatrixRMaj(6, 2);
        for (int r = 0; r < 6; r++) {
            y.set(r, r % 2, 1.0);
        }
        step.run(Matrices.uniform(6, 3, -1, 1, new SplittableRandom(6)), y);
    }

    private static final Consumer<Boundary> NOTHING = at -> { };

    /** Boundary 2 (visited first) may read the labels, and learn from the upstream signal; boundary 1 may not. */
    @Test
    void whatTheBoundaryAboveWasGrantedIsGoneAtTheNextOne() {
        Spec generousAbove = new Spec(EnumSet.of(SignalNeed.LABEL), EnumSet.of(SignalNeed.UPSTREAM_SIGNAL),
                Boundary::targets, Boundary::upstreamPreActivationError);
        assertDoesNotThrow(() -> train(Map.of(2, generousAbove, 1, new Spec(Set.of(), Set.of(), NOTHING, NOTHING))));
        for (Function<Boundary, Object> peek : List.<Function<Boundary, Object>>of(Boundary::targets,
                Boundary::upstreamPreActivationError)) {
            Spec peeking = new Spec(Set.of(), Set.of(), at -> peek.apply(at), NOTHING);
            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                    () -> train(Map.of(2, generousAbove, 1, peeking)));
            assertTrue(thrown.getMessage().startsWith("boundary 1:"), thrown.getMessage());
            Spec peekingWhileLearning = new Spec(Set.of(), Set.of(), NOTHING, at -> peek.apply(at));
            assertThrows(IllegalStateException.class, () -> train(Map.of(2, generousAbove, 1, peekingWhileLearning)));
        }
    }

    private static final Map<SignalNeed, List<Function<Boundary, Object>>> READS = Map.of(
            SignalNeed.OWN_ACTIVATION, List.of(Boundary::activation),
            SignalNeed.LABEL, List.of(Boundary::targets),
            SignalNeed.OUTPUT_ERROR, List.of(Boundary::outputError),
            SignalNeed.UPSTREAM_SIGNAL, List.of(Boundary::upstreamPreActivationError, Boundary::upstreamWeights,
                    // a carrier of W's shape made here, so that only the call itself can be refused
                    at -> at.upstreamErrorCarriedBy(new DMatrixRMaj(WIDTHS.get(at.index()), WIDTHS.get(at.index() + 1)))));

    /**
     * Inside a boundary that grants everything, a restricted view hands out exactly its subset (the same matrices
     * as the boundary itself) and refuses the rest, naming the need; index and batch size pass through.
     */
    @Test
    void aRestrictedBoundaryHandsOutItsSubsetAndRefusesTheRest() {
        List<String> problems = new ArrayList<>();
        Consumer<Boundary> inspect = at -> {
            for (SignalNeed allowed : SignalNeed.values()) {
                Boundary view = RestrictedBoundary.of(at, EnumSet.of(allowed));
                assertEquals(at.index(), view.index());
                assertEquals(at.batchSize(), view.batchSize());
                for (SignalNeed need : SignalNeed.values()) {
                    for (Function<Boundary, Object> read : READS.get(need)) {
                        if (need == allowed) {
                            Object expected = read.apply(at);
                            Object actual = read.apply(view);
                            if (expected instanceof DMatrixRMaj e && actual instanceof DMatrixRMaj a
                                    && !Matrices.identical(e, a)) {
                                problems.add(allowed + " handed out other numbers");
                            }
                        } else {
                            IllegalStateException thrown = assertThrows(IllegalStateException.class,
                                    () -> read.apply(view), need + " through a view of " + allowed);
                            assertTrue(thrown.getMessage().contains(need.name()), thrown.getMessage());
                        }
                    }
                }
            }
            Boundary none = RestrictedBoundary.of(at, Set.of());
            for (SignalNeed need : SignalNeed.values()) {
                assertThrows(IllegalStateException.class, () -> READS.get(need).get(0).apply(none), need.name());
            }
            assertSame(at.activation(), RestrictedBoundary.of(at, EnumSet.allOf(SignalNeed.class)).activation());
        };
        Spec everything = new Spec(EnumSet.allOf(SignalNeed.class), Set.of(), inspect, NOTHING);
        train(Map.of(1, everything, 2, everything));
        assertTrue(problems.isEmpty(), problems.toString());
    }
}
