package org.errorprop.methods.backprop;

import java.util.List;
import java.util.Set;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.LockingProfile;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.SignalNeed;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackpropSignalTest {
    private static final Compute COMPUTE = Compute.sequential();


    @Test
    void declaresOnlyTheUpstreamSignal() {
        BackpropSignal signal = new BackpropSignal();
        assertEquals(Set.of(SignalNeed.UPSTREAM_SIGNAL), signal.needs());
        assertTrue(signal.learningNeeds().isEmpty());
        assertTrue(signal.parameters().isEmpty());
    }

    @Test
    void isUpdateAndBackwardLockedButNotDirect() {
        assertEquals(new LockingProfile(true, true, false), new BackpropSignal().locking());
    }

    @Test
    void assignsOneBackpropSignalPerHiddenBoundaryAndTrainsEveryBlock() {
        Backprop backprop = new Backprop();
        MethodContext context = new MethodContext(new RandomStreams(1), new Sgd(0.1, 0), COMPUTE);
        for (NetworkShape shape : List.of(NetworkShape.of(3, 2), NetworkShape.of(3, 4, 2),
                NetworkShape.of(784, 256, 256, 10))) {
            List<ErrorSignal> signals = backprop.assign(shape, context);
            assertEquals(shape.boundaries(), signals.size());
            for (ErrorSignal signal : signals) {
                assertTrue(signal instanceof BackpropSignal);
            }
            for (int k = 1; k <= shape.blocks(); k++) {
                assertTrue(backprop.trainsBlock(k, shape));
            }
        }
        assertEquals("backprop", backprop.name());
        assertEquals(Backprop.NAME, backprop.name());
    }
}
