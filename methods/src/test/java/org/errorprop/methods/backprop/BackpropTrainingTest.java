package org.errorprop.methods.backprop;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.BatchNorm;
import org.errorprop.framework.network.Block;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Layer;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.optim.Optimizer;
import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.Evaluation;
import org.errorprop.framework.training.SequentialTraining;
import org.errorprop.framework.training.StepResult;
import org.errorprop.framework.training.TrainingConfig;
import org.errorprop.framework.training.TrainingListener;
import org.errorprop.framework.training.TrainingOutcome;
import org.errorprop.framework.training.TrainingStep;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backprop through the framework's trainer: the same gradients as the network's own backward pass,
 * reproducible runs, and learning. (These live in the methods module because the framework cannot
 * depend on the rule it is tested with.)
 */
class BackpropTrainingTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static final Loss LOSS = LossFunction.SOFTMAX_CROSS_ENTROPY.loss();

    /** Two hidden ReLU layers with BatchNorm, BatchNorm on the output too (as the reference network has). */
    private static Architecture architecture(int in, int out) {
        return new Architecture(in, List.of(6, 5), out, Activation.RELU, true, true, true, Initializer.UNIFORM_FAN_IN);
    }

    /**
     * For the learning tests: as above but without BatchNorm on the two logits, which in training mode
     * makes each prediction depend on the rest of its batch and the measured training accuracy noisy.
     */
    private static Architecture learner() {
        return new Architecture(2, List.of(6, 5), 2, Activation.RELU, true, true, false, Initializer.UNIFORM_FAN_IN);
    }

    private static TrainingStep trainingStep(Network network, OptimizerSpec optimizer, long seed) {
        return new TrainingStep(network, LOSS, new Backprop(), optimizer,
                new MethodContext(new RandomStreams(seed).child("method"), optimizer, COMPUTE));
    }

    private static DMatrixRMaj oneHot(int[] labels, int classes) {
        DMatrixRMaj y = new DMatrixRMaj(labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            y.set(i, labels[i], 1.0);
        }
        return y;
    }

    private static DMatrixRMaj uniform(int rows, int cols, SplittableRandom random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            m.data[i] = 2 * random.nextDouble() - 1;
        }
        return m;
    }

    private static boolean identical(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) {
            return false;
        }
        for (int i = 0; i < a.getNumElements(); i++) {
            if (Double.doubleToLongBits(a.data[i]) != Double.doubleToLongBits(b.data[i])) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- (a) same gradients as backward

    /**
     * The step's stored gradients equal, bit for bit, {@code (1/n)·} the gradients of the plain
     * backward pass {@code block(K).backward(...) … block(1).backward(...)} of a twin network on the same
     * batch. Bit-for-bit equality is the right expectation, not "a few ulps": the trainer performs
     * the very same floating-point operations in the same order — the top block's
     * {@code backwardToPreActivation} then {@code computeParameterGradients}, and at each boundary
     * Backprop's pulled-back signal is the same {@code COMPUTE.blas().multiplyTransposeB(∂L/∂g_{k+1}, W_{k+1})}
     * call that {@code Linear.carryDown} makes — and the division by the batch size is the same
     * multiplication by {@code 1.0/n}. The twin is then updated with the same SGD rule, so the two
     * networks must stay identical over several steps, batch sizes and BatchNorm statistics included.
     */
    @Test
    void backpropThroughTheTrainerGivesExactlyTheDirectBackwardGradients() {
        long seed = 31;
        for (Architecture architecture : List.of(architecture(4, 3),
                new Architecture(4, List.of(6, 5), 3, Activation.RELU, false, true, false, Initializer.HE_NORMAL),
                new Architecture(4, List.of(7, 2, 5), 3, Activation.TANH, true, false, true,
                        Initializer.GLOROT_UNIFORM),
                new Architecture(4, List.of(3), 3, Activation.SIGMOID, false, false, false,
                        Initializer.UNIFORM_FAN_IN))) {
            assertTrainerMatchesDirectBackward(architecture, seed++);
        }
    }

    private static void assertTrainerMatchesDirectBackward(Architecture architecture, long seed) {
        Network viaTrainer = architecture.build(new RandomStreams(seed), COMPUTE);
        Network direct = architecture.build(new RandomStreams(seed), COMPUTE);
        Sgd sgd = new Sgd(0.05, 1e-3);
        TrainingStep step = trainingStep(viaTrainer, sgd, seed);
        Optimizer directOptimizer = sgd.attach(direct.parameters(), COMPUTE);
        SplittableRandom random = new SplittableRandom(seed);

        for (int batch : new int[] {8, 8, 5, 2, 8}) {
            DMatrixRMaj x = uniform(batch, 4, random);
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = random.nextInt(3);
            }
            DMatrixRMaj y = oneHot(labels, 3);

            // direct: forward, loss, backward block by block, gradients × (1/n), the same update
            DMatrixRMaj p = direct.forward(x, Mode.TRAIN);
            double expectedLoss = LOSS.value(p, y);
            int expectedCorrect = 0;
            for (int r = 0; r < batch; r++) {
                expectedCorrect += LOSS.correct(p, y, r) ? 1 : 0;
            }
            DMatrixRMaj g = new DMatrixRMaj(p.numRows, p.numCols);
            LOSS.outputError(p, y, g);
            for (int k = direct.shape().blocks(); k >= 1; k--) {
                g = direct.block(k).backward(g);
            }
            double scale = 1.0 / batch;
            List<DMatrixRMaj> expected = new ArrayList<>();
            for (Parameter parameter : direct.parameters()) {
                for (int i = 0; i < parameter.gradient().getNumElements(); i++) {
                    parameter.gradient().data[i] *= scale;
                }
                expected.add(parameter.gradient().copy());
            }
            directOptimizer.step();

            StepResult result = step.run(x, y);

            assertEquals(expectedLoss, result.loss(), 0.0);
            assertEquals(expectedCorrect, result.correct());
            assertEquals(batch, result.examples());
            List<Parameter> trained = viaTrainer.parameters();
            for (int j = 0; j < trained.size(); j++) {
                Parameter parameter = trained.get(j);
                assertTrue(identical(expected.get(j), parameter.gradient()),
                        parameter.name() + " gradient differs at batch size " + batch + " in " + architecture);
                assertTrue(identical(direct.parameters().get(j).value(), parameter.value()),
                        parameter.name() + " value differs after the update at batch size " + batch);
            }
            for (int k = 1; k <= viaTrainer.shape().blocks(); k++) {
                for (int layer = 0; layer < viaTrainer.block(k).tail().size(); layer++) {
                    if (viaTrainer.block(k).tail().get(layer) instanceof BatchNorm bn) {
                        BatchNorm twin = (BatchNorm) direct.block(k).tail().get(layer);
                        assertArrayEquals(twin.runningMean(), bn.runningMean(), 0.0);
                        assertArrayEquals(twin.runningVariance(), bn.runningVariance(), 0.0);
                    }
                }
            }
        }
    }

    @Test
    void theStoredGradientIsTheMeanLossGradientNotTheSum() {
        // A guard on the 1/n: with a batch of one example repeated n times, the mean-loss gradient
        // equals that of the single example (the sum would be n times as large). BatchNorm is left out,
        // since it normalises across the batch and a repeated example has no spread.
        Architecture plain = new Architecture(3, List.of(4), 2, Activation.TANH, true, false, false,
                Initializer.UNIFORM_FAN_IN);
        SplittableRandom random = new SplittableRandom(5);
        DMatrixRMaj one = uniform(1, 3, random);
        DMatrixRMaj many = new DMatrixRMaj(4, 3);
        for (int r = 0; r < 4; r++) {
            System.arraycopy(one.data, 0, many.data, r * 3, 3);
        }
        Network single = plain.build(new RandomStreams(8), COMPUTE);
        Network repeated = plain.build(new RandomStreams(8), COMPUTE);
        trainingStep(single, new Sgd(1e-9, 0), 8).run(one, oneHot(new int[] {1}, 2));
        trainingStep(repeated, new Sgd(1e-9, 0), 8).run(many, oneHot(new int[] {1, 1, 1, 1}, 2));
        for (int j = 0; j < single.parameters().size(); j++) {
            DMatrixRMaj a = single.parameters().get(j).gradient();
            DMatrixRMaj b = repeated.parameters().get(j).gradient();
            for (int i = 0; i < a.getNumElements(); i++) {
                // sums of 4 equal terms times 1/4 vs 1 term: exact up to the rounding of the sums, ≤ 4 ulps
                assertEquals(a.data[i], b.data[i], 4 * Math.ulp(Math.abs(a.data[i]) + Double.MIN_NORMAL),
                        single.parameters().get(j).name());
            }
        }
    }

    // ---------------------------------------------------------------- data

    /**
     * Linearly separable 2-D data with a margin: points from N(0, I), labelled by the side of the line
     * {@code x₁ − 0.5 x₂ = 0}, keeping only points at least 0.2 from it.
     */
    private static Dataset separable(String name, int size, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DMatrixRMaj x = new DMatrixRMaj(size, 2);
        int[] labels = new int[size];
        double norm = Math.hypot(1.0, 0.5);
        for (int i = 0; i < size; ) {
            double a = gaussian(random);
            double b = gaussian(random);
            double side = (a - 0.5 * b) / norm;
            if (Math.abs(side) < 0.2) {
                continue;
            }
            x.set(i, 0, a);
            x.set(i, 1, b);
            labels[i] = side > 0 ? 1 : 0;
            i++;
        }
        return Dataset.classification(name, x, labels, 2);
    }

    private static double gaussian(SplittableRandom random) {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private static DataSplit separableSplit() {
        return new DataSplit(separable("separable-train", 256, 1), separable("separable-test", 128, 2));
    }

    /** A clock that advances 1 ms per reading, so recorded times are reproducible. */
    private static LongSupplier fakeClock() {
        long[] now = {0};
        return () -> now[0] += 1_000_000L;
    }

    private static List<EpochMetrics> train(long seed, int epochs, OptimizerSpec optimizer, TrainingListener listener) {
        Network network = learner().build(new RandomStreams(seed), COMPUTE);
        TrainingStep step = trainingStep(network, optimizer, seed);
        return new SequentialTraining(network, LOSS, step, new RandomStreams(seed), fakeClock())
                .run(separableSplit(), new TrainingConfig(epochs, 32), listener).history();
    }

    // ---------------------------------------------------------------- (d) reproducibility

    @Test
    void theSameSeedGivesIdenticalEpochMetrics() {
        List<EpochMetrics> first = train(17, 3, Adam.withLearningRate(0.01), TrainingListener.NONE);
        List<EpochMetrics> second = train(17, 3, Adam.withLearningRate(0.01), TrainingListener.NONE);
        assertEquals(first, second); // record equality compares doubles bit for bit (Double.compare)
        assertEquals(3, first.size());
        for (int e = 0; e < 3; e++) {
            assertEquals(e + 1, first.get(e).epoch());
            // 8 steps of 32: the fake clock advances 1 ms per reading, two readings per epoch
            assertEquals(0.001, first.get(e).seconds(), 0.0);
        }
        List<EpochMetrics> otherSeed = train(18, 3, Adam.withLearningRate(0.01), TrainingListener.NONE);
        assertNotEquals(first, otherSeed, "the seed should matter");
    }

    @Test
    void theListenerSeesEveryStepAndEpoch() {
        AtomicInteger steps = new AtomicInteger();
        List<EpochMetrics> epochs = new ArrayList<>();
        TrainingListener listener = new TrainingListener() {
            @Override
            public void stepFinished(int epoch, int step, int stepsPerEpoch, StepResult result) {
                assertEquals(8, stepsPerEpoch); // 256 examples in batches of 32
                assertEquals(32, result.examples());
                steps.incrementAndGet();
            }

            @Override
            public void epochFinished(EpochMetrics metrics) {
                epochs.add(metrics);
            }
        };
        List<EpochMetrics> history = train(3, 2, Adam.withLearningRate(0.01), listener);
        assertEquals(16, steps.get());
        assertEquals(history, epochs);
    }

    @Test
    void lossDecreasesClearlyOverFiveEpochs() {
        List<EpochMetrics> history = train(23, 5, Adam.withLearningRate(0.01), TrainingListener.NONE);
        System.out.println("loss decrease run: " + history);
        double first = history.get(0).trainLoss();
        double last = history.get(4).trainLoss();
        // ln 2 ≈ 0.69 is chance level for two classes; the data are separable with a margin.
        assertTrue(last < 0.5 * first, "train loss " + first + " -> " + last);
        assertTrue(history.get(4).testLoss() < history.get(0).testLoss(), history.toString());
    }

    // ---------------------------------------------------------------- (e) learning

    @Test
    void backpropLearnsSeparableDataToHighAccuracy() {
        long seed = 29;
        DataSplit data = separableSplit();
        Network network = learner().build(new RandomStreams(seed), COMPUTE);
        TrainingStep step = trainingStep(network, Adam.withLearningRate(0.01), seed);
        List<EpochMetrics> history = new SequentialTraining(network, LOSS, step, new RandomStreams(seed), fakeClock())
                .run(data, new TrainingConfig(10, 32), TrainingListener.NONE).history();
        System.out.println("learning run: " + history);
        // The decisive measurement: the trained network, in evaluation mode, on the whole training set.
        Evaluation train = Evaluation.of(network, LOSS, data.train(), 64);
        assertTrue(train.accuracy() > 0.95, "train accuracy in evaluation mode " + train.accuracy());
        assertTrue(history.get(history.size() - 1).testAccuracy() > 0.95, history.toString());
        // EpochMetrics.trainAccuracy is measured in training mode, before each update, with BatchNorm
        // using the statistics of each batch of 32; that moves the decision boundary a little from batch
        // to batch, so this per-epoch figure wanders by a few points near the top (0.93-1.0 here) while
        // the evaluation-mode accuracy stays at 1.0. It must reach 95 % during training.
        double best = history.stream().mapToDouble(EpochMetrics::trainAccuracy).max().orElseThrow();
        assertTrue(best > 0.95, history.toString());
    }

    // ---------------------------------------------------------------- errors the user can make

    @Test
    void dataOfTheWrongWidthIsRejected() {
        Network network = architecture(3, 2).build(new RandomStreams(1), COMPUTE);
        TrainingStep step = trainingStep(network, new Sgd(0.1, 0), 1);
        SequentialTraining training = new SequentialTraining(network, LOSS, step, new RandomStreams(1), fakeClock());
        assertThrows(InvalidInputException.class,
                () -> training.run(separableSplit(), new TrainingConfig(1, 8), TrainingListener.NONE));
    }

    @Test
    void divergenceIsReportedNotSilentlyContinued() {
        // No BatchNorm, identity hidden units, squared error and a huge step: the loss overflows.
        Architecture linear = new Architecture(2, List.of(8), 2, Activation.IDENTITY, true, false, false,
                Initializer.UNIFORM_FAN_IN);
        Network network = linear.build(new RandomStreams(1), COMPUTE);
        Loss squared = LossFunction.SQUARED_ERROR.loss();
        TrainingStep step = new TrainingStep(network, squared, new Backprop(), new Sgd(1e3, 0),
                new MethodContext(new RandomStreams(1), new Sgd(1e3, 0), COMPUTE));
        SequentialTraining training = new SequentialTraining(network, squared, step, new RandomStreams(1), fakeClock());
        TrainingOutcome outcome = training.run(separableSplit(), new TrainingConfig(50, 8), TrainingListener.NONE);
        assertTrue(outcome.diverged(), "a step of 1e3 on squared error overflows");
        assertTrue(outcome.history().size() < 50, "the run stopped where it diverged: " + outcome.history().size());
    }

    @Test
    void identityHiddenUnitsAddNoActivationLayer() {
        Network network = new Architecture(2, List.of(8), 2, Activation.IDENTITY, true, false, false,
                Initializer.UNIFORM_FAN_IN).build(new RandomStreams(1), COMPUTE);
        for (Block block : network.blocks()) {
            for (Layer layer : block.tail()) {
                assertTrue(layer instanceof BatchNorm, layer.kind());
            }
        }
    }
}
