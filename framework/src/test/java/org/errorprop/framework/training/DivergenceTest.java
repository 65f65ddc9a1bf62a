package org.errorprop.framework.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
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
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.testing.Matrices;
import org.junit.jupiter.api.Test;

/**
 * A non-finite loss, signal or parameter ends a sequential run as a result: the epochs before it are kept and the
 * divergence names the epoch, the step, where (loss, signal at boundary k, parameters of block k) and the value.
 * Each check has a control that differs only in the broken number and runs to the end.
 *
 * <p>Network 3-4-5-2 (tanh, biases), 10 examples in batches of 4, 4 and 2: 3 steps per epoch.
 */
class DivergenceTest {
    private static final Compute COMPUTE = Compute.sequential();
    private static final int BATCH = 4;
    private static final int EPOCHS = 3;

    /**
     * A test rule: at boundary {@code at} the signal is {@code value} in every entry from its {@code from}-th call on
     * (zero before and at every other boundary).
     */
    private record ConstantSignal(int at, int from, double value) implements Method {
        @Override
        public String name() {
            return "test-constant";
        }

        @Override
        public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
            List<ErrorSignal> signals = new ArrayList<>();
            for (int k = 1; k <= shape.boundaries(); k++) {
                int boundary = k;
                int width = shape.boundaryWidth(k);
                signals.add(new ErrorSignal() {
                    private final DMatrixRMaj out = new DMatrixRMaj(1, 1);
                    private int calls;

                    @Override
                    public Set<org.errorprop.framework.signal.SignalNeed> needs() {
                        return Set.of();
                    }

                    @Override
                    public DMatrixRMaj signal(Boundary b) {
                        out.reshape(b.batchSize(), width);
                        out.fill(boundary == at && ++calls >= from ? value : 0.0);
                        return out;
                    }
                });
            }
            return signals;
        }
    }

    /** Softmax cross-entropy whose value is NaN at its {@code nanAt}-th call (never when 0). */
    private static Loss lossNanAt(int nanAt) {
        Loss delegate = LossFunction.SOFTMAX_CROSS_ENTROPY.loss();
        return new Loss() {
            private int calls;

            @Override
            public double value(DMatrixRMaj output, DMatrixRMaj target) {
                return ++calls == nanAt ? Double.NaN : delegate.value(output, target);
            }

            @Override
            public void outputError(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj into) {
                delegate.outputError(output, target, into);
            }

            @Override
            public boolean correct(DMatrixRMaj output, DMatrixRMaj target, int row) {
                return delegate.correct(output, target, row);
            }
        };
    }

    private static DataSplit data() {
        SplittableRandom random = new SplittableRandom(21);
        int[] labels = {0, 1, 1, 0, 1, 0, 0, 1, 1, 0};
        Dataset train = Dataset.classification("train", Matrices.uniform(10, 3, -1, 1, random), labels, 2);
        return new DataSplit(train, train);
    }

    /** Trains {@link #EPOCHS} epochs with SGD at {@code learningRate}; the listener's steps go to {@code heard}. */
    private static TrainingOutcome run(Method method, Loss loss, double learningRate, List<String> heard) {
        Network network = new Architecture(3, List.of(4, 5), 2, Activation.TANH, true, false, false,
                Initializer.UNIFORM_FAN_IN).build(new RandomStreams(31), COMPUTE);
        TrainingStep step = new TrainingStep(network, loss, method, new Sgd(learningRate, 0),
                new MethodContext(new RandomStreams(3), new Sgd(learningRate, 0), COMPUTE));
        return new SequentialTraining(network, loss, step, new RandomStreams(3), () -> 0L).run(data(),
                new TrainingConfig(EPOCHS, BATCH), new TrainingListener() {
                    @Override
                    public void stepFinished(int epoch, int s, int stepsPerEpoch, StepResult result) {
                        heard.add(epoch + ":" + s);
                    }
                });
    }

    @Test
    void aNonFiniteLossStopsTheRunAtItsStepAndKeepsTheEpochsBefore() {
        List<String> heard = new ArrayList<>();
        // per epoch, 3 steps and one evaluation batch call the loss: the 6th call is epoch 2, step 2
        TrainingOutcome outcome = run(new ConstantSignal(1, 1, 0.0), lossNanAt(6), 0.05, heard);
        Divergence d = outcome.divergence().orElseThrow();
        assertEquals(new Divergence(2, 2, Divergence.Site.LOSS, 0, Double.NaN), d);
        assertEquals("loss", d.where());
        assertEquals("the loss became NaN in epoch 2, step 2", d.describe());
        assertEquals(1, outcome.history().size(), "epoch 1 is kept, the unfinished epoch 2 is not");
        assertEquals(List.of("1:1", "1:2", "1:3", "2:1"), heard, "the diverged step is not reported as finished");

        TrainingOutcome control = run(new ConstantSignal(1, 1, 0.0), lossNanAt(0), 0.05, new ArrayList<>());
        assertFalse(control.diverged());
        assertEquals(EPOCHS, control.history().size());
    }

    @Test
    void aNonFiniteSignalIsNamedWithItsBoundary() {
        // boundary 2 of 3 blocks; its 4th call is epoch 2, step 1
        TrainingOutcome outcome = run(new ConstantSignal(2, 4, Double.NaN), lossNanAt(0), 0.05, new ArrayList<>());
        assertEquals(new Divergence(2, 1, Divergence.Site.SIGNAL, 2, Double.NaN), outcome.divergence().orElseThrow());
        assertEquals("signal at boundary 2", outcome.divergence().get().where());

        TrainingOutcome infinite = run(new ConstantSignal(1, 1, Double.NEGATIVE_INFINITY), lossNanAt(0), 0.05,
                new ArrayList<>());
        assertEquals(new Divergence(1, 1, Divergence.Site.SIGNAL, 1, Double.NEGATIVE_INFINITY),
                infinite.divergence().orElseThrow());

        TrainingOutcome control = run(new ConstantSignal(2, 4, 1.0), lossNanAt(0), 0.05, new ArrayList<>());
        assertFalse(control.diverged(), "a finite signal of the same shape and timing: " + control.divergence());
    }

    /**
     * A finite signal of {@code Double.MAX_VALUE} at boundary 2 gives block 2 a gradient of that order; SGD at rate
     * 10¹⁰ then takes its parameters past the largest double in the update of the step where the signal starts, while
     * that step's loss (computed before the update) and its signals are finite. The next step's loss is non-finite,
     * and the parameters it scans before its own update name block 2 (boundary 1 gets zero, so block 1 stays finite).
     */
    @Test
    void aParameterThatOverflowsInAnUpdateIsNamedWithItsBlockAtTheNextStep() {
        TrainingOutcome outcome = run(new ConstantSignal(2, 1, Double.MAX_VALUE), lossNanAt(0), 1e10,
                new ArrayList<>());
        Divergence d = outcome.divergence().orElseThrow();
        assertEquals(List.of(Divergence.Site.PARAMETER, 2, 1, 2), List.of(d.site(), d.index(), d.epoch(), d.step()), d::toString);
        assertTrue(Double.isInfinite(d.value()) || Double.isNaN(d.value()), "non-finite: " + d.value());
        assertEquals("parameters of block 2", d.where());
        assertTrue(d.describe().startsWith("a parameter of block 2 was "), d.describe());
        assertTrue(d.describe().endsWith(", found in epoch 1, step 2"), d.describe());

        TrainingOutcome control = run(new ConstantSignal(2, 1, 1.0), lossNanAt(0), 1e10, new ArrayList<>());
        assertFalse(control.diverged(), "a signal of 1 at the same rate: " + control.divergence());
    }

    /**
     * The same overflow in the last step of epoch 1 (the signal's 3rd call) is found before epoch 1 is evaluated: no
     * epoch is kept with metrics computed by non-finite parameters, and the divergence names epoch 1, step 3.
     */
    @Test
    void parametersAreScannedBeforeEachEvaluation() {
        TrainingOutcome outcome = run(new ConstantSignal(2, 3, Double.MAX_VALUE), lossNanAt(0), 1e10,
                new ArrayList<>());
        Divergence d = outcome.divergence().orElseThrow();
        assertEquals(List.of(Divergence.Site.PARAMETER, 2, 1, 3), List.of(d.site(), d.index(), d.epoch(), d.step()), d::toString);
        assertEquals(List.of(), outcome.history(), "epoch 1 is not evaluated with non-finite parameters");
    }

    @Test
    void aDivergenceNeedsANonFiniteValue() {
        assertThrows(IllegalArgumentException.class, () -> new Divergence(1, 1, Divergence.Site.LOSS, 0, 1e308));
    }
}
