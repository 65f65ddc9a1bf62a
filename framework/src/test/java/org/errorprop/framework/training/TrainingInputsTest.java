package org.errorprop.framework.training;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.testing.Matrices;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The smallest valid settings of training and evaluation, the first invalid ones, and the seam's defaults. */
class TrainingInputsTest {
    private static final Compute COMPUTE = Compute.sequential();


    @Test
    void oneEpochOfBatchesOfOneIsTheSmallestConfiguration() {
        TrainingConfig smallest = new TrainingConfig(1, 1);
        assertEquals(1, smallest.epochs());
        assertThrows(InvalidInputException.class, () -> new TrainingConfig(0, 1));
        assertThrows(InvalidInputException.class, () -> new TrainingConfig(1, 0));
        Dataset data = Dataset.classification("d", new DMatrixRMaj(3, 2), new int[] {0, 1, 0}, 2);
        assertThrows(IllegalArgumentException.class, () -> new BatchCursor(data, 0));
        BatchCursor ones = new BatchCursor(data, 1);
        assertEquals(1, ones.gather(new int[] {2, 1, 0}, 0));
    }

    /** Nine examples in batches of three: exactly three batches, the same mean as one batch of nine. */
    @Test
    void evaluationInWholeBatchesEqualsOneBatch() {
        Network network = new Architecture(2, List.of(3), 2, Activation.RELU, true, false, false,
                Initializer.UNIFORM_FAN_IN).build(new RandomStreams(1), COMPUTE);
        SplittableRandom random = new SplittableRandom(3);
        Dataset data = Dataset.classification("d", Matrices.uniform(9, 2, -1, 1, random),
                new int[] {0, 1, 1, 0, 1, 0, 0, 1, 1}, 2);
        Loss loss = LossFunction.SOFTMAX_CROSS_ENTROPY.loss();
        Evaluation inThrees = Evaluation.of(network, loss, data, 3);
        double whole = loss.value(network.forward(data.inputs(), Mode.EVAL), data.targets());
        // Same per-example losses summed in another grouping: ≤ 9 roundings of a sum of magnitude ≤ 9·|largest|.
        assertEquals(whole, inThrees.loss(), 1e-14 * Math.abs(whole));
        assertTrue(Double.isFinite(inThrees.accuracy()));
    }

    @Test
    void aSignalThatDoesNotLearnReportsNoLearningLossAndHasNoParameters() {
        ErrorSignal plain = new ErrorSignal() {
            @Override
            public Set<SignalNeed> needs() {
                return Set.of();
            }

            @Override
            public DMatrixRMaj signal(Boundary at) {
                return new DMatrixRMaj(1, 1);
            }
        };
        assertTrue(plain.learningLoss().isEmpty());
        assertTrue(plain.learningNeeds().isEmpty());
        assertTrue(plain.parameters().isEmpty());
    }
}
