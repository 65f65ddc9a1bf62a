package org.errorprop.framework.training;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.testing.Matrices;
import org.errorprop.framework.testing.ZeroSignals;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The side measurements of a probed run ({@link SequentialTraining} with a probe interval, {@link SignalProbe}):
 * which steps are probed, the cosine and norm ratio of each signal against the true gradient, the mean learning
 * loss, the weight norms, the reset between epochs, and that probing changes no number of the training.
 *
 * <p>The signal under test is the true gradient times {@code c = −2} at every boundary: the pulled-back upstream
 * error, which the trainer computes from the signal above. Backward passes are linear in the incoming gradient,
 * so at the top boundary the signal is {@code −2 ∂L/∂h_2} (cosine −1, ratio 2) and at boundary 1 it is
 * {@code (−2)² ∂L/∂h_1} (cosine 1, ratio 4). The probe's own backprop pass computes the same products, perhaps
 * summed in another order (entries within {@code γ_5} of each other relative to the sums of absolute terms);
 * {@code 10⁻⁹} allows for a cancellation of up to {@code 10⁵} in those sums and is far below what a wrong
 * formula gives.
 */
class EpochDiagnosticsTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static final int N = 10;
    private static final int BATCH = 4;
    private static final int STEPS = 3; // batches of 4, 4 and 2
    private static final double SCALE = -2;
    private static final double CLOSE = 1e-9;

    /** {@code c} times the pulled-back upstream error; its learning loss after the j-th learn is j² (boundary 2 only). */
    private static class ScaledGradient implements ErrorSignal {
        private final boolean reportsLearningLoss;
        private final DMatrixRMaj out = new DMatrixRMaj(1, 1);
        private int learned;

        ScaledGradient(boolean reportsLearningLoss) {
            this.reportsLearningLoss = reportsLearningLoss;
        }

        @Override
        public Set<SignalNeed> needs() {
            return Set.of(SignalNeed.UPSTREAM_SIGNAL);
        }

        @Override
        public DMatrixRMaj signal(Boundary at) {
            out.setTo(at.upstreamErrorCarriedBy(at.upstreamWeights()));
            for (int i = 0; i < out.getNumElements(); i++) {
                out.data[i] *= SCALE;
            }
            return out;
        }

        @Override
        public void learn(Boundary at) {
            learned++;
        }

        @Override
        public OptionalDouble learningLoss() {
            return reportsLearningLoss ? OptionalDouble.of((double) learned * learned) : OptionalDouble.empty();
        }
    }

    private static final Method SCALED = new Method() {
        @Override
        public String name() {
            return "test-scaled-gradient";
        }

        @Override
        public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
            List<ErrorSignal> signals = new ArrayList<>();
            for (int k = 1; k <= shape.boundaries(); k++) {
                signals.add(new ScaledGradient(k == 2));
            }
            return signals;
        }
    };

    private static DataSplit data() {
        SplittableRandom random = new SplittableRandom(21);
        int[] labels = {0, 1, 1, 0, 1, 0, 0, 1, 1, 0};
        Dataset train = Dataset.classification("train", Matrices.uniform(N, 3, -1, 1, random), labels, 2);
        Dataset test = Dataset.classification("test", Matrices.uniform(4, 3, -1, 1, random), new int[] {0, 1, 1, 0}, 2);
        return new DataSplit(train, test);
    }

    private static Network network() {
        return new Architecture(3, List.of(4, 5), 2, Activation.TANH, true, false, false,
                Initializer.UNIFORM_FAN_IN).build(new RandomStreams(31), COMPUTE);
    }

    /** Everything a listener heard. */
    private static final class Heard implements TrainingListener {
        final List<StepResult> steps = new ArrayList<>();
        final List<String> stepNumbers = new ArrayList<>();
        final List<EpochDiagnostics> diagnostics = new ArrayList<>();

        @Override
        public void stepFinished(int epoch, int step, int stepsPerEpoch, StepResult result) {
            steps.add(result);
            stepNumbers.add(epoch + ":" + step + "/" + stepsPerEpoch);
        }

        @Override
        public void diagnosticsFinished(EpochDiagnostics d) {
            diagnostics.add(d);
        }
    }

    private record Run(Network network, List<EpochMetrics> metrics, Heard heard) {
    }

    private static Run run(Method method, Loss loss, int probeEvery, int epochs) {
        Network network = network();
        TrainingStep step = new TrainingStep(network, loss, method, new Sgd(0.05, 0),
                new MethodContext(new RandomStreams(3), new Sgd(0.05, 0), COMPUTE));
        Heard heard = new Heard();
        List<EpochMetrics> metrics = new SequentialTraining(network, loss, step, new RandomStreams(3), () -> 0L,
                probeEvery).run(data(), new TrainingConfig(epochs, BATCH), heard).history();
        return new Run(network, metrics, heard);
    }

    @Test
    void aProbedRunReportsCosineRatioLearningLossAndNormsPerEpoch() {
        Run run = run(SCALED, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), 2, 2);
        assertEquals(2, run.heard().diagnostics.size(), "one report per epoch");
        for (int e = 0; e < 2; e++) {
            EpochDiagnostics d = run.heard().diagnostics.get(e);
            assertEquals(e + 1, d.epoch());
            assertEquals(2, d.boundaries().size());
            BoundaryDiagnostics lower = d.boundaries().get(0);
            BoundaryDiagnostics top = d.boundaries().get(1);
            assertEquals(1, lower.boundary());
            assertEquals(2, top.boundary());
            // Steps 1 and 3 of 3 are probed (every second step, the first included), in each epoch anew.
            assertEquals(2, lower.probedSteps());
            assertEquals(2, top.probedSteps());
            assertEquals(-1.0, top.cosine(), CLOSE);
            assertEquals(2.0, top.normRatio(), CLOSE * 2);
            assertEquals(1.0, lower.cosine(), CLOSE);
            assertEquals(4.0, lower.normRatio(), CLOSE * 4);
            // The top signal had learned 1 and 3 times (epoch 1) or 4 and 6 times (epoch 2) when probed.
            double expected = e == 0 ? (1 + 9) / 2.0 : (16 + 36) / 2.0;
            assertEquals(expected, top.learningLoss(), 0.0);
            assertTrue(Double.isNaN(lower.learningLoss()), "no learning loss reported there");
        }
        // Weight norms after the last epoch: the Frobenius norms of the blocks' linear weights.
        List<Double> norms = run.heard().diagnostics.get(1).weightNorms();
        assertEquals(3, norms.size());
        for (int k = 1; k <= 3; k++) {
            DMatrixRMaj w = run.network().block(k).linear().weight().value();
            double squares = 0;
            for (int i = 0; i < w.getNumElements(); i++) {
                squares += w.data[i] * w.data[i];
            }
            assertEquals(Math.sqrt(squares), norms.get(k - 1), 0.0, "block " + k);
        }
    }

    /**
     * A step whose signal is zero adds 0 to the ratio's mean and nothing to the cosine's: with the scaled gradient
     * zeroed on the first of three probed steps, the top boundary's cosine is still −1 and its ratio (0 + 2 + 2)/3.
     */
    @Test
    void aZeroSignalOnOneProbedStepCountsForTheRatioButNotTheCosine() {
        Method firstStepSilent = new Method() {
            @Override
            public String name() {
                return "test-first-step-silent";
            }

            @Override
            public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
                List<ErrorSignal> signals = new ArrayList<>();
                for (int k = 1; k <= shape.boundaries(); k++) {
                    signals.add(new ScaledGradient(false) {
                        private int calls;

                        @Override
                        public DMatrixRMaj signal(Boundary at) {
                            DMatrixRMaj out = super.signal(at);
                            if (++calls == 1) {
                                out.zero();
                            }
                            return out;
                        }
                    });
                }
                return signals;
            }
        };
        BoundaryDiagnostics top = run(firstStepSilent, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), 1, 1).heard()
                .diagnostics.get(0).boundaries().get(1);
        assertEquals(STEPS, top.probedSteps());
        assertEquals(-1.0, top.cosine(), CLOSE);
        assertEquals(4.0 / 3, top.normRatio(), CLOSE * 2);
    }

    /**
     * Steps whose true gradient is zero count for neither mean. Softmax cross-entropy against an all-zero target
     * row has output error exactly 0, so with batches of one example and two of four examples so labelled, two
     * probed steps have a zero true gradient. The signal there is a row of ones (not zero), elsewhere −2 times
     * the true gradient: the means stay −1 and 2 over the other two steps, the probed count is 4.
     */
    @Test
    void stepsWithAZeroTrueGradientCountForNeitherMean() {
        Method onesWhereTheGradientVanishes = new Method() {
            @Override
            public String name() {
                return "test-ones-where-zero";
            }

            @Override
            public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
                List<ErrorSignal> signals = new ArrayList<>();
                for (int k = 1; k <= shape.boundaries(); k++) {
                    signals.add(new ScaledGradient(false) {
                        @Override
                        public DMatrixRMaj signal(Boundary at) {
                            DMatrixRMaj out = super.signal(at);
                            boolean zero = true;
                            for (int i = 0; i < out.getNumElements(); i++) {
                                zero &= out.data[i] == 0;
                            }
                            if (zero) {
                                out.fill(1.0);
                            }
                            return out;
                        }
                    });
                }
                return signals;
            }
        };
        SplittableRandom random = new SplittableRandom(23);
        DMatrixRMaj targets = new DMatrixRMaj(new double[][] {{0, 0}, {1, 0}, {0, 0}, {0, 1}});
        Dataset train = new Dataset("half-unlabelled", Matrices.uniform(4, 3, -1, 1, random), targets, 0);
        Network network = network();
        Loss loss = LossFunction.SOFTMAX_CROSS_ENTROPY.loss();
        TrainingStep step = new TrainingStep(network, loss, onesWhereTheGradientVanishes, new Sgd(0.05, 0),
                new MethodContext(new RandomStreams(3), new Sgd(0.05, 0), COMPUTE));
        Heard heard = new Heard();
        new SequentialTraining(network, loss, step, new RandomStreams(3), () -> 0L, 1)
                .run(new DataSplit(train, train), new TrainingConfig(1, 1), heard);
        BoundaryDiagnostics top = heard.diagnostics.get(0).boundaries().get(1);
        assertEquals(4, top.probedSteps());
        assertEquals(-1.0, top.cosine(), CLOSE);
        assertEquals(2.0, top.normRatio(), CLOSE * 2);
    }

    /** A zero signal has no direction: its cosine is undefined (NaN), its ratio 0. */
    @Test
    void aZeroSignalHasNoCosineAndRatioZero() {
        Method zero = new ZeroSignals();
        BoundaryDiagnostics top = run(zero, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), 1, 1).heard().diagnostics
                .get(0).boundaries().get(1);
        assertEquals(STEPS, top.probedSteps());
        assertTrue(Double.isNaN(top.cosine()), "cosine " + top.cosine());
        assertEquals(0.0, top.normRatio(), 0.0);
    }

    @Test
    void probingChangesNoNumberOfTheTraining() {
        Run probed = run(SCALED, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), 1, 2);
        Run plain = run(SCALED, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), 0, 2);
        assertEquals(plain.metrics(), probed.metrics());
        List<Parameter> a = probed.network().parameters();
        List<Parameter> b = plain.network().parameters();
        for (int p = 0; p < a.size(); p++) {
            assertTrue(Matrices.identical(b.get(p).value(), a.get(p).value()), a.get(p).name());
        }
        assertTrue(plain.heard().diagnostics.isEmpty(), "an unprobed run reports no diagnostics");
    }

    /**
     * The epoch's training loss is the mean over examples (each batch's mean weighted by its size: 4, 4, 2), its
     * accuracy the fraction of examples right; the listener hears steps 1..3 of 3 in each epoch.
     */
    @Test
    void theEpochsTrainingLossAndAccuracyAreMeansOverExamples() {
        Run run = run(SCALED, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), 0, 2);
        assertEquals(List.of("1:1/3", "1:2/3", "1:3/3", "2:1/3", "2:2/3", "2:3/3"), run.heard().stepNumbers);
        for (int e = 0; e < 2; e++) {
            double lossSum = 0;
            long correct = 0;
            for (int s = 0; s < STEPS; s++) {
                StepResult r = run.heard().steps.get(e * STEPS + s);
                assertEquals(s < 2 ? BATCH : N - 2 * BATCH, r.examples());
                lossSum += r.loss() * r.examples();
                correct += r.correct();
            }
            EpochMetrics m = run.metrics().get(e);
            assertEquals(lossSum / N, m.trainLoss(), 0.0);
            assertEquals((double) correct / N, m.trainAccuracy(), 0.0);
            assertTrue(m.trainAccuracy() > 0 && m.trainAccuracy() < 1, "a fraction that tells n from 1/n: "
                    + m.trainAccuracy());
        }
    }
}
