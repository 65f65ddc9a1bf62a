package org.errorprop.framework.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
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
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.testing.Matrices;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Which boundaries a step visits, given the blocks its method trains, and what the step says about its method. */
class TrainingStepVisitsTest {
    private static final Compute COMPUTE = Compute.sequential();


    /** Records the boundaries its signals are asked at; trains the blocks from {@code lowest} up. */
    private static final class Recording implements Method {
        final List<Integer> visited = new ArrayList<>();
        final List<ErrorSignal> assigned = new ArrayList<>();
        private final int lowest;

        Recording(int lowest) {
            this.lowest = lowest;
        }

        @Override
        public String name() {
            return "test-recording";
        }

        @Override
        public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
            for (int k = 1; k <= shape.boundaries(); k++) {
                int width = shape.boundaryWidth(k);
                assigned.add(new ErrorSignal() {
                    @Override
                    public Set<SignalNeed> needs() {
                        return Set.of();
                    }

                    @Override
                    public DMatrixRMaj signal(Boundary at) {
                        visited.add(at.index());
                        return new DMatrixRMaj(at.batchSize(), width);
                    }
                });
            }
            return List.copyOf(assigned);
        }

        @Override
        public boolean trainsBlock(int k, NetworkShape shape) {
            return k >= lowest;
        }
    }

    private static List<Integer> visits(int lowestTrained) {
        Network network = new Architecture(3, List.of(4, 4, 4), 2, Activation.RELU, true, false, false,
                Initializer.UNIFORM_FAN_IN).build(new RandomStreams(2), COMPUTE);
        Recording method = new Recording(lowestTrained);
        TrainingStep step = new TrainingStep(network, LossFunction.SQUARED_ERROR.loss(), method, new Sgd(0.1, 0),
                new MethodContext(new RandomStreams(2), new Sgd(0.1, 0), COMPUTE));
        assertSame(method, step.method());
        assertEquals(method.assigned, step.signals());
        for (int k = 1; k <= 3; k++) {
            assertSame(method.assigned.get(k - 1), step.signalAt(k));
        }
        step.run(Matrices.uniform(5, 3, -1, 1, new SplittableRandom(3)), new DMatrixRMaj(5, 2));
        return method.visited;
    }

    @Test
    void boundariesBelowTheLowestTrainedBlockAreNotVisited() {
        assertEquals(List.of(3, 2, 1), visits(1));
        assertEquals(List.of(3, 2), visits(2));
        assertEquals(List.of(), visits(4), "only the output block trains: no boundary signal is needed");
    }
}
