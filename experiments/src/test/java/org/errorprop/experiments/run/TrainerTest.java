package org.errorprop.experiments.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.ArtificialDataSets;
import org.errorprop.framework.data.ArtificialKind;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.SequentialTraining;
import org.errorprop.framework.training.StepResult;
import org.errorprop.framework.training.TrainingConfig;
import org.errorprop.framework.training.TrainingListener;
import org.errorprop.framework.training.TrainingStep;
import org.errorprop.methods.MethodCatalog;
import org.errorprop.methods.backprop.Backprop;
import org.errorprop.methods.synthetic.SyntheticGradients;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The experiments' one way to train: the framework's step and schedule, wired from one setup. */
class TrainerTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static final Architecture ARCHITECTURE = new Architecture(6, List.of(8, 8), 2, Activation.RELU, false,
            true, false, Initializer.UNIFORM_FAN_IN);
    private static final TrainingConfig CONFIG = new TrainingConfig(2, 16);

    private static DataSplit data() {
        Dataset data = ArtificialDataSets.generate(ArtificialKind.NOISY, 6, 100, new RandomStreams(3));
        return new DataSplit(data, data);
    }

    private static TrainingSetup setup(String method, Loss loss, long seed) {
        RandomStreams random = new RandomStreams(seed);
        Adam adam = Adam.withLearningRate(1e-2);
        return new TrainingSetup(ARCHITECTURE, random, loss, MethodCatalog.standard().create(method),
                new MethodContext(random.child("method"), adam, COMPUTE), adam);
    }

    private static LongSupplier fakeClock() {
        long[] now = {0};
        return () -> now[0] += 1_000_000L;
    }

    private static double[] weights(Network network) {
        return network.parameters().stream().flatMapToDouble(p -> Arrays.stream(p.value().data)).toArray();
    }

    @Test
    void epochsAreTheFrameworksStepAndScheduleOnTheSetupsStreamsBitForBit() {
        TrainingSetup setup = setup(SyntheticGradients.CSG, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), 11);
        Trainer trainer = Trainer.start(setup);
        RunResult result = trainer.epochs(data(), CONFIG, 0, fakeClock(), TrainingListener.NONE);

        RandomStreams random = new RandomStreams(11);
        Adam adam = Adam.withLearningRate(1e-2);
        Network network = ARCHITECTURE.build(random, COMPUTE);
        Loss loss = LossFunction.SOFTMAX_CROSS_ENTROPY.loss();
        TrainingStep step = new TrainingStep(network, loss, MethodCatalog.standard().create(SyntheticGradients.CSG),
                adam, new MethodContext(random.child("method"), adam, COMPUTE));
        List<EpochMetrics> expected = new SequentialTraining(network, loss, step, random, fakeClock())
                .run(data(), CONFIG, TrainingListener.NONE).history();

        assertEquals(expected, result.history());
        assertArrayEquals(weights(network), weights(trainer.network()), 0.0);
        assertTrue(result.diagnostics().isEmpty(), "no probes asked for");
        // the comparison can fail: another seed starts elsewhere and ends elsewhere
        RunResult otherSeed = Trainer.start(setup(SyntheticGradients.CSG, loss, 12))
                .epochs(data(), CONFIG, 0, fakeClock(), TrainingListener.NONE);
        assertNotEquals(expected, otherSeed.history());
    }

    @Test
    void probedEpochsCollectOneDiagnosticsPerEpochAndPassThemOn() {
        List<Integer> heard = new ArrayList<>();
        RunResult result = Trainer.start(setup(SyntheticGradients.CSG, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), 5))
                .epochs(data(), CONFIG, 2, fakeClock(), new TrainingListener() {
                    @Override
                    public void diagnosticsFinished(org.errorprop.framework.training.EpochDiagnostics diagnostics) {
                        heard.add(diagnostics.epoch());
                    }
                });
        assertEquals(List.of(1, 2), result.diagnostics().stream().map(d -> d.epoch()).toList());
        assertEquals(List.of(1, 2), heard);
    }

    /** Squared error that counts the steps trained on the very target matrix it was made with. */
    private static final class TargetCheckingLoss implements Loss {
        final Loss delegate = LossFunction.SQUARED_ERROR.loss();
        final DMatrixRMaj expected;
        int stepsOnExpected;
        int stepsOnOthers;

        TargetCheckingLoss(DMatrixRMaj expected) {
            this.expected = expected;
        }

        @Override
        public double value(DMatrixRMaj output, DMatrixRMaj target) {
            return delegate.value(output, target);
        }

        @Override
        public void outputError(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj into) {
            if (target == expected) {
                stepsOnExpected++;
            } else {
                stepsOnOthers++;
            }
            delegate.outputError(output, target, into);
        }

        @Override
        public boolean correct(DMatrixRMaj output, DMatrixRMaj target, int row) {
            return delegate.correct(output, target, row);
        }
    }

    @Test
    void aFullBatchStepIsAnEpochOfOneStepOnEveryRowInOrder() {
        Dataset train = data().train();
        TargetCheckingLoss loss = new TargetCheckingLoss(train.targets());
        Trainer trainer = Trainer.start(setup(Backprop.NAME, loss, 9));
        List<String> calls = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        trainer.fullBatch(train, 3, new TrainingListener() {
            @Override
            public void stepFinished(int epoch, int step, int stepsPerEpoch, StepResult result) {
                calls.add(epoch + "/" + step + "/" + stepsPerEpoch);
                losses.add(result.loss());
                assertEquals(train.size(), result.examples());
            }

            @Override
            public void epochFinished(EpochMetrics metrics) {
                throw new AssertionError("a full-batch run evaluates nothing");
            }
        });
        assertEquals(List.of("1/1/1", "2/1/1", "3/1/1"), calls);
        assertEquals(3, loss.stepsOnExpected, "every step on the data set's own rows, in their order, not a copy");
        assertEquals(0, loss.stepsOnOthers);
        // the same losses as the step run by hand on the same setup
        TrainingStep byHand = Trainer.start(setup(Backprop.NAME, LossFunction.SQUARED_ERROR.loss(), 9)).step();
        for (int t = 0; t < 3; t++) {
            assertEquals(losses.get(t), byHand.run(train.inputs(), train.targets()).loss(), 0.0, "step " + (t + 1));
        }
        assertFalse(losses.get(0).equals(losses.get(2)), "the steps trained the network");
    }

    @Test
    void stepsCountTheBatchesOfEveryEpochTheLastOnePartial() {
        assertEquals(9, Trainer.steps(new TrainingConfig(3, 4), 10));
        assertEquals(6, Trainer.steps(new TrainingConfig(3, 5), 10));
        assertEquals(3_000_000_000L, Trainer.steps(new TrainingConfig(3, 1), 1_000_000_000));
    }
}
