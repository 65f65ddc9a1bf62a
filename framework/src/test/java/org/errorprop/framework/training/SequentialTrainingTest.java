package org.errorprop.framework.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.testing.Matrices;
import org.errorprop.framework.testing.ZeroSignals;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sequential schedule's bookkeeping: which examples each step sees, reproducibility, and the
 * evaluation. Learning itself is tested with backprop in the methods module.
 */
class SequentialTrainingTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static final int N = 10;
    private static final int BATCH = 4;

    /** Squared error that records, for every training step, the targets it was asked about. */
    private static final class RecordingLoss implements Loss {
        final Loss delegate = LossFunction.SQUARED_ERROR.loss();
        final List<double[]> batches = new ArrayList<>();

        @Override
        public double value(DMatrixRMaj output, DMatrixRMaj target) {
            return delegate.value(output, target);
        }

        @Override
        public void outputError(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj into) {
            // only TrainingStep asks for the output error; Evaluation asks only for values
            batches.add(Arrays.copyOf(target.data, target.getNumElements()));
            delegate.outputError(output, target, into);
        }

        @Override
        public boolean correct(DMatrixRMaj output, DMatrixRMaj target, int row) {
            return delegate.correct(output, target, row);
        }
    }

    /** Regression data whose target is the example's index, so a batch names its examples. */
    private static DataSplit indexed() {
        SplittableRandom random = new SplittableRandom(4);
        DMatrixRMaj x = Matrices.uniform(N, 2, -1, 1, random);
        DMatrixRMaj y = new DMatrixRMaj(N, 1);
        for (int i = 0; i < N; i++) {
            y.set(i, 0, i);
        }
        Dataset train = new Dataset("indexed", x, y, 0);
        return new DataSplit(train, new Dataset("indexed-test", Matrices.uniform(3, 2, -1, 1, random),
                new DMatrixRMaj(3, 1), 0));
    }

    private static LongSupplier fakeClock() {
        long[] now = {0};
        return () -> now[0] += 250_000_000L;
    }

    private static List<EpochMetrics> run(List<Integer> hidden, long seed, RecordingLoss loss, int epochs) {
        Network network = new Architecture(2, hidden, 1, Activation.TANH, true, false, false,
                Initializer.UNIFORM_FAN_IN).build(new RandomStreams(seed), COMPUTE);
        TrainingStep step = new TrainingStep(network, loss, new ZeroSignals(), new Sgd(1e-4, 0),
                new MethodContext(new RandomStreams(seed), new Sgd(1e-4, 0), COMPUTE));
        return new SequentialTraining(network, loss, step, new RandomStreams(seed), fakeClock())
                .run(indexed(), new TrainingConfig(epochs, BATCH), TrainingListener.NONE).history();
    }

    /** The documented order: a Fisher-Yates shuffle per epoch, continued from the last epoch's order. */
    private static List<int[]> documentedOrders(long seed, int epochs) {
        RandomGenerator shuffle = new RandomStreams(seed).startOf("data/shuffle");
        int[] order = new int[N];
        for (int i = 0; i < N; i++) {
            order[i] = i;
        }
        List<int[]> orders = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            for (int i = N - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                int swap = order[i];
                order[i] = order[j];
                order[j] = swap;
            }
            orders.add(order.clone());
        }
        return orders;
    }

    private static int[] epochOrder(RecordingLoss loss, int epoch) {
        int stepsPerEpoch = (N + BATCH - 1) / BATCH;
        int[] order = new int[N];
        int at = 0;
        for (int s = 0; s < stepsPerEpoch; s++) {
            for (double id : loss.batches.get(epoch * stepsPerEpoch + s)) {
                order[at++] = (int) id;
            }
        }
        assertEquals(N, at);
        return order;
    }

    @Test
    void everyEpochVisitsEveryExampleOnceInTheDocumentedShuffledOrder() {
        RecordingLoss loss = new RecordingLoss();
        run(List.of(), 77, loss, 3);
        assertEquals(9, loss.batches.size(), "3 epochs of 10 examples in batches of 4, 4 and 2");
        assertEquals(List.of(4, 4, 2), loss.batches.subList(0, 3).stream().map(b -> b.length).toList());
        List<int[]> expected = documentedOrders(77, 3);
        int[] identity = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        for (int e = 0; e < 3; e++) {
            int[] order = epochOrder(loss, e);
            int[] sorted = order.clone();
            Arrays.sort(sorted);
            assertArrayEquals(identity, sorted, "epoch " + (e + 1) + " is not a permutation");
            assertArrayEquals(expected.get(e), order, "epoch " + (e + 1));
            assertFalse(Arrays.equals(identity, order), "epoch " + (e + 1) + " was not shuffled");
        }
        assertFalse(Arrays.equals(epochOrder(loss, 0), epochOrder(loss, 1)), "epochs 1 and 2 in the same order");
    }

    @Test
    void twoNetworksTrainedWithOneSeedSeeTheSameBatches() {
        RecordingLoss small = new RecordingLoss();
        RecordingLoss deep = new RecordingLoss();
        run(List.of(), 5, small, 2);
        run(List.of(3, 4), 5, deep, 2);
        assertEquals(small.batches.size(), deep.batches.size());
        for (int s = 0; s < small.batches.size(); s++) {
            assertArrayEquals(small.batches.get(s), deep.batches.get(s), 0.0, "step " + s);
        }
    }

    @Test
    void theSameSeedGivesIdenticalMetricsAndTheFakeClockTheirTimes() {
        List<EpochMetrics> first = run(List.of(3), 9, new RecordingLoss(), 3);
        List<EpochMetrics> second = run(List.of(3), 9, new RecordingLoss(), 3);
        assertEquals(first, second);
        for (EpochMetrics metrics : first) {
            assertEquals(0.25, metrics.seconds(), 0.0); // two readings 250 ms apart per epoch
            assertTrue(Double.isFinite(metrics.trainLoss()) && metrics.trainLoss() > 0);
        }
    }

    @Test
    void evaluationAveragesOverExamplesNotBatches() {
        Network network = new Architecture(2, List.of(3), 2, Activation.RELU, true, true, false,
                Initializer.UNIFORM_FAN_IN).build(new RandomStreams(1), COMPUTE);
        SplittableRandom random = new SplittableRandom(2);
        network.forward(Matrices.uniform(8, 2, -1, 1, random), Mode.TRAIN); // non-trivial running statistics
        int[] labels = {0, 1, 1, 0, 1, 0, 0, 1, 1, 1};
        Dataset data = Dataset.classification("d", Matrices.uniform(10, 2, -1, 1, random), labels, 2);
        Loss loss = LossFunction.SOFTMAX_CROSS_ENTROPY.loss();
        Evaluation inBatchesOfThree = Evaluation.of(network, loss, data, 3); // 3 + 3 + 3 + 1
        DMatrixRMaj output = network.forward(data.inputs(), Mode.EVAL);
        double whole = loss.value(output, data.targets());
        int correct = 0;
        for (int r = 0; r < 10; r++) {
            correct += loss.correct(output, data.targets(), r) ? 1 : 0;
        }
        // Same per-example losses, summed in a different grouping: ≤ 10 roundings of a sum of magnitude
        // ≤ 10·|largest loss|, relative 10·2⁻⁵² ≈ 2.2e-15; 1e-14 relative is a safe bound.
        assertEquals(whole, inBatchesOfThree.loss(), 1e-14 * Math.abs(whole));
        assertEquals(correct / 10.0, inBatchesOfThree.accuracy(), 0.0);
    }
}
