package org.errorprop.experiments.bench;

import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.training.StepResult;
import org.errorprop.methods.backprop.BackpropSignal;
import org.errorprop.methods.synthetic.SyntheticGradientSignal;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The prepared step that {@code errorprop bench} times and the JMH benchmarks measure. */
class PreparedStepTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static final BenchmarkNetwork SMALL = new BenchmarkNetwork(4, 8, 4);

    @Test
    void oneSeedGivesOneSequenceOfSteps() {
        PreparedStep first = PreparedStep.prepare(SMALL, "sg", 7, COMPUTE);
        PreparedStep second = PreparedStep.prepare(SMALL, "sg", 7, COMPUTE);
        for (int s = 0; s < 2 * PreparedStep.BATCHES + 1; s++) {
            assertEquals(first.run(s), second.run(s), "step " + s);
        }
    }

    /** The batches differ and are used in turn: index and index + BATCHES give the first step the same batch. */
    @Test
    void theBatchesAreUsedInTurn() {
        StepResult batch0 = PreparedStep.prepare(SMALL, "bp", 3, COMPUTE).run(0);
        assertEquals(batch0, PreparedStep.prepare(SMALL, "bp", 3, COMPUTE).run(PreparedStep.BATCHES));
        assertNotEquals(batch0, PreparedStep.prepare(SMALL, "bp", 3, COMPUTE).run(1));
        assertEquals(SMALL.batch(), batch0.examples());
    }

    @Test
    void sgPutsOneSynthesizerAfterTheFirstHalfAndBpNone() {
        PreparedStep sg = PreparedStep.prepare(SMALL, "sg", 1, COMPUTE);
        for (int k = 1; k <= SMALL.depth(); k++) {
            if (k == SMALL.synthesizerBoundary()) {
                assertInstanceOf(SyntheticGradientSignal.class, sg.step().signalAt(k));
            } else {
                assertInstanceOf(BackpropSignal.class, sg.step().signalAt(k));
            }
        }
        PreparedStep bp = PreparedStep.prepare(SMALL, "bp", 1, COMPUTE);
        for (int k = 1; k <= SMALL.depth(); k++) {
            assertInstanceOf(BackpropSignal.class, bp.step().signalAt(k));
        }
    }

    @Test
    void otherMethodsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> PreparedStep.prepare(SMALL, "fa", 1, COMPUTE));
    }
}
