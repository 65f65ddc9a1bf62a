package org.errorprop.methods.pins;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.SoftmaxCrossEntropy;
import org.errorprop.framework.loss.SquaredError;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Linear;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.training.StepResult;
import org.errorprop.framework.training.TrainingStep;
import org.errorprop.methods.MethodCatalog;
import org.errorprop.methods.backprop.Backprop;
import org.errorprop.methods.backprop.BackpropSignal;
import org.errorprop.methods.contract.Rig;
import org.errorprop.methods.feedback.DirectFeedbackSignal;
import org.errorprop.methods.feedback.FeedbackAlignmentSignal;
import org.errorprop.methods.feedback.FeedbackMatrices;
import org.errorprop.methods.feedback.Kickback;
import org.errorprop.methods.synthetic.Synthesizer;
import org.errorprop.methods.synthetic.SyntheticGradientSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pins: special cases in which a rule must coincide with another, checked bit for bit over several
 * training steps (SGD, the same seed, the same batches), each with a negative that breaks the
 * precondition and shows the comparison notices.
 *
 * <p>Why bit for bit rather than within a tolerance: in each pin the two runs execute the very same
 * floating-point operations on the same operands in the same order (the oracle replays the output
 * block's {@code hW + b} with the same BLAS call and the same bias loop; FA with {@code A = W} makes
 * {@code upstreamErrorCarriedBy(W)} the same {@code gemm} as the pull-back; Kickback is DFA with
 * ones), so IEEE 754's correctly rounded operations give identical results. A deviation of even one ulp
 * would therefore mean that the two rules are not computing the same thing.
 */
class PinsTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static final int STEPS = 6;
    private static final Sgd SGD = new Sgd(0.05, 0);
    private static final long SEED = 20170306L;

    // ------------------------------------------------------------------------------------- plumbing

    /** Builds the network afresh from the seed, so two runs start from identical weights. */
    private static Network network(Architecture architecture) {
        return architecture.build(new RandomStreams(SEED), COMPUTE);
    }

    private static Architecture architecture(List<Integer> hidden, int outputs, boolean hiddenBn, boolean outputBn) {
        return new Architecture(5, hidden, outputs, Activation.RELU, true, hiddenBn, outputBn, Initializer.UNIFORM_FAN_IN);
    }

    /** The same batches for every run: a fresh stream per run from one seed. */
    private static List<DMatrixRMaj[]> batches(int outputs, boolean softmax) {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        List<DMatrixRMaj[]> list = new ArrayList<>();
        for (int s = 0; s < STEPS; s++) {
            DMatrixRMaj x = Rig.uniform(6, 5, random, 1.0);
            DMatrixRMaj y = softmax ? Rig.oneHot(6, outputs, random) : Rig.uniform(6, outputs, random, 1.0);
            list.add(new DMatrixRMaj[] {x, y});
        }
        return list;
    }

    /** Runs {@code steps} steps and returns the parameter values after each. */
    private static List<List<DMatrixRMaj>> train(Network network, Loss loss, Method method, List<DMatrixRMaj[]> data) {
        TrainingStep step = Rig.step(network, loss, method, SGD, SEED);
        List<List<DMatrixRMaj>> history = new ArrayList<>();
        for (DMatrixRMaj[] batch : data) {
            StepResult result = step.run(batch[0], batch[1]);
            assertTrue(Double.isFinite(result.loss()), "loss is finite");
            history.add(Rig.snapshot(network.parameters()));
        }
        return history;
    }

    /** The comparison of every pin: bit-identical parameters after every step. */
    static void assertSameTrajectory(List<List<DMatrixRMaj>> expected, List<List<DMatrixRMaj>> actual) {
        assertEquals(expected.size(), actual.size(), "steps");
        for (int s = 0; s < expected.size(); s++) {
            List<DMatrixRMaj> e = expected.get(s);
            List<DMatrixRMaj> a = actual.get(s);
            for (int j = 0; j < e.size(); j++) {
                if (!Rig.identical(e.get(j), a.get(j))) {
                    throw new AssertionFailedError("after step " + (s + 1) + ", parameter " + j + " differs by up to "
                            + Rig.maxGap(e.get(j), a.get(j)));
                }
            }
        }
    }

    /** The first step after which the trajectories differ, or 0 if they never do. */
    static int firstDifference(List<List<DMatrixRMaj>> expected, List<List<DMatrixRMaj>> actual) {
        for (int s = 0; s < expected.size(); s++) {
            for (int j = 0; j < expected.get(s).size(); j++) {
                if (!Rig.identical(expected.get(s).get(j), actual.get(s).get(j))) {
                    return s + 1;
                }
            }
        }
        return 0;
    }

    // ------------------------------------------------------------------- (a) oracle SG = backprop

    /**
     * The true {@code ∂L/∂h} at the top hidden boundary, from {@code h} and {@code y} alone: it replays the
     * output block ({@code p = hW + b}, no BatchNorm) with references to the live weights, the loss's output
     * error and the pull-back {@code (∂L/∂p) Wᵀ}, each with the same operations the trainer uses.
     * {@link #fit} changes nothing (an oracle has nothing to learn) and reports {@code ‖SG − t‖²}.
     */
    static final class Oracle implements Synthesizer {
        private final Linear output;
        private final Loss loss;
        private final double scale;
        private final DMatrixRMaj p = new DMatrixRMaj(1, 1);
        private final DMatrixRMaj error = new DMatrixRMaj(1, 1);
        private final DMatrixRMaj gradient = new DMatrixRMaj(1, 1);

        Oracle(Linear output, Loss loss, double scale) {
            this.output = output;
            this.loss = loss;
            this.scale = scale;
        }

        @Override
        public DMatrixRMaj predict(DMatrixRMaj h, DMatrixRMaj y) {
            DMatrixRMaj w = output.weight().value();
            p.reshape(h.numRows, w.numCols, false);
            COMPUTE.blas().multiply(h, w, p);
            double[] b = output.bias().value().data;
            for (int r = 0, at = 0; r < p.numRows; r++) {
                for (int c = 0; c < p.numCols; c++, at++) {
                    p.data[at] += b[c];
                }
            }
            error.reshape(p.numRows, p.numCols, false);
            loss.outputError(p, y, error);
            gradient.reshape(h.numRows, w.numRows, false);
            COMPUTE.blas().multiplyTransposeB(error, w, gradient);
            if (scale != 1.0) {
                for (int i = 0, n = gradient.getNumElements(); i < n; i++) {
                    gradient.data[i] *= scale;
                }
            }
            return gradient;
        }

        @Override
        public double fit(DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj target, double learningRateFactor) {
            DMatrixRMaj prediction = predict(h, y);
            double sum = 0;
            for (int i = 0, n = prediction.getNumElements(); i < n; i++) {
                double d = prediction.data[i] - target.data[i];
                sum += d * d;
            }
            return sum / h.numRows;
        }

        @Override
        public DMatrixRMaj lossGradientWrtActivation(DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj target) {
            throw new UnsupportedOperationException("not needed by cSG");
        }

        @Override
        public DMatrixRMaj pullBack(DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj v) {
            throw new UnsupportedOperationException("not needed by cSG");
        }

        @Override
        public List<Parameter> parameters() {
            return List.of();
        }
    }

    /** cSG with an oracle at the top hidden boundary, backprop below (the default placement). */
    private static Method oracleCsg(Network network, Loss loss, double scale, List<SyntheticGradientSignal> made) {
        int blocks = network.shape().blocks();
        return Rig.method("csg-oracle", (k, shape, context) -> {
            if (k < shape.boundaries()) {
                return new BackpropSignal();
            }
            SyntheticGradientSignal signal = new SyntheticGradientSignal(
                    new Oracle(network.block(blocks).linear(), loss, scale), true, 1, 0);
            made.add(signal);
            return signal;
        });
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void cSgWithAnOracleSynthesizerIsBackpropBitForBit(boolean softmax) {
        Loss loss = softmax ? new SoftmaxCrossEntropy() : new SquaredError();
        Architecture architecture = architecture(List.of(7, 6), 3, true, false);
        List<DMatrixRMaj[]> data = batches(3, softmax);
        List<List<DMatrixRMaj>> backprop = train(network(architecture), loss, new Backprop(), data);

        Network network = network(architecture);
        List<SyntheticGradientSignal> made = new ArrayList<>();
        List<List<DMatrixRMaj>> oracle = train(network, loss, oracleCsg(network, loss, 1.0, made), data);
        assertSameTrajectory(backprop, oracle);
        // The synthesizer's target is the true gradient: the oracle's loss is exactly zero.
        assertEquals(0.0, made.get(0).learningLoss().orElseThrow());
    }

    @Test
    void anOracleOffByOnePercentIsNotBackprop() {
        Loss loss = new SquaredError();
        Architecture architecture = architecture(List.of(7, 6), 3, true, false);
        List<DMatrixRMaj[]> data = batches(3, false);
        List<List<DMatrixRMaj>> backprop = train(network(architecture), loss, new Backprop(), data);
        Network network = network(architecture);
        List<SyntheticGradientSignal> made = new ArrayList<>();
        List<List<DMatrixRMaj>> off = train(network, loss, oracleCsg(network, loss, 1.01, made), data);
        assertThrows(AssertionFailedError.class, () -> assertSameTrajectory(backprop, off));
        assertEquals(1, firstDifference(backprop, off));
        assertTrue(made.get(0).learningLoss().orElseThrow() > 0);
    }

    // --------------------------------------------------------- (b) FA with A = W_{k+1} = backprop

    private static Method feedbackAlignment(Function<Integer, DMatrixRMaj> matrixAt) {
        return Rig.method("fa-pinned", (k, shape, context) -> new FeedbackAlignmentSignal(matrixAt.apply(k)));
    }

    @Test
    void faWithTheLiveForwardWeightsIsBackpropBitForBit() {
        Loss loss = new SoftmaxCrossEntropy();
        Architecture architecture = architecture(List.of(7, 6, 5), 4, true, true);
        List<DMatrixRMaj[]> data = batches(4, true);
        List<List<DMatrixRMaj>> backprop = train(network(architecture), loss, new Backprop(), data);
        Network network = network(architecture);
        List<List<DMatrixRMaj>> fa = train(network, loss,
                feedbackAlignment(k -> network.block(k + 1).linear().weight().value()), data);
        assertSameTrajectory(backprop, fa);
    }

    @Test
    void faWithAFrozenCopyOfTheInitialWeightsAgreesForOneStepOnly() {
        Loss loss = new SoftmaxCrossEntropy();
        Architecture architecture = architecture(List.of(7, 6, 5), 4, true, true);
        List<DMatrixRMaj[]> data = batches(4, true);
        List<List<DMatrixRMaj>> backprop = train(network(architecture), loss, new Backprop(), data);
        Network network = network(architecture);
        List<List<DMatrixRMaj>> frozen = train(network, loss,
                feedbackAlignment(k -> Rig.copy(network.block(k + 1).linear().weight().value())), data);
        assertThrows(AssertionFailedError.class, () -> assertSameTrajectory(backprop, frozen));
        assertEquals(2, firstDifference(backprop, frozen), "identical at step 1, apart once W has moved");
    }

    @Test
    void faWithARandomMatrixIsNotBackprop() {
        Loss loss = new SoftmaxCrossEntropy();
        Architecture architecture = architecture(List.of(7, 6, 5), 4, true, true);
        List<DMatrixRMaj[]> data = batches(4, true);
        List<List<DMatrixRMaj>> backprop = train(network(architecture), loss, new Backprop(), data);
        Network network = network(architecture);
        List<List<DMatrixRMaj>> random = train(network, loss, MethodCatalog.standard().create("fa"), data);
        assertThrows(AssertionFailedError.class, () -> assertSameTrajectory(backprop, random));
        assertEquals(1, firstDifference(backprop, random));
    }

    // ------------------------------------------------ (c) one hidden layer: DFA(A) = FA(A)

    private static DMatrixRMaj oneLayerMatrix(int hidden, int outputs, double scale) {
        return FeedbackMatrices.draw(Rig.context(SEED, SGD), 1, hidden, outputs, scale);
    }

    private static Method dfa(DMatrixRMaj a) {
        return Rig.method("dfa-pinned", (k, shape, context) -> new DirectFeedbackSignal(a, COMPUTE));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void withOneHiddenLayerDfaAndFaWithTheSameMatrixGiveTheSameUpdates(boolean softmax) {
        Loss loss = softmax ? new SoftmaxCrossEntropy() : new SquaredError();
        Architecture architecture = architecture(List.of(8), 3, true, false);
        List<DMatrixRMaj[]> data = batches(3, softmax);
        DMatrixRMaj a = oneLayerMatrix(8, 3, 1.0);
        List<List<DMatrixRMaj>> fa = train(network(architecture), loss, feedbackAlignment(k -> a), data);
        List<List<DMatrixRMaj>> dfa = train(network(architecture), loss, dfa(a), data);
        assertSameTrajectory(fa, dfa);
    }

    @Test
    void withOneHiddenLayerDfaWithAnotherMatrixIsNotFa() {
        Loss loss = new SquaredError();
        Architecture architecture = architecture(List.of(8), 3, true, false);
        List<DMatrixRMaj[]> data = batches(3, false);
        DMatrixRMaj a = oneLayerMatrix(8, 3, 1.0);
        DMatrixRMaj other = Rig.copy(a);
        other.data[0] += 1e-9;
        List<List<DMatrixRMaj>> fa = train(network(architecture), loss, feedbackAlignment(k -> a), data);
        List<List<DMatrixRMaj>> dfa = train(network(architecture), loss, dfa(other), data);
        assertThrows(AssertionFailedError.class, () -> assertSameTrajectory(fa, dfa));
    }

    @Test
    void withBatchNormOnTheOutputDfaIsNotFaEvenWithTheSameMatrix() {
        // ∂L/∂g ≠ ∂L/∂p once BatchNorm sits between g and p: the pin's precondition matters.
        Loss loss = new SquaredError();
        Architecture architecture = architecture(List.of(8), 3, true, true);
        List<DMatrixRMaj[]> data = batches(3, false);
        DMatrixRMaj a = oneLayerMatrix(8, 3, 1.0);
        List<List<DMatrixRMaj>> fa = train(network(architecture), loss, feedbackAlignment(k -> a), data);
        List<List<DMatrixRMaj>> dfa = train(network(architecture), loss, dfa(a), data);
        assertThrows(AssertionFailedError.class, () -> assertSameTrajectory(fa, dfa));
    }

    // ------------------------------------------------------------- (d) Kickback = DFA with ones

    private static DMatrixRMaj ones(int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        java.util.Arrays.fill(m.data, 1.0);
        return m;
    }

    private static Method dfaPerBoundary(Function<Integer, DMatrixRMaj> matrixAt) {
        return Rig.method("dfa-pinned", (k, shape, context) -> new DirectFeedbackSignal(matrixAt.apply(k), COMPUTE));
    }

    @Test
    void kickbackIsDfaWithAMatrixOfOnesBitForBit() {
        Loss loss = new SquaredError();
        Architecture architecture = architecture(List.of(7, 6), 3, true, false);
        List<DMatrixRMaj[]> data = batches(3, false);
        Network network = network(architecture);
        List<List<DMatrixRMaj>> kickback = train(network, loss, new Kickback(), data);
        List<List<DMatrixRMaj>> dfa = train(network(architecture), loss,
                dfaPerBoundary(k -> ones(network.shape().boundaryWidth(k), 3)), data);
        assertSameTrajectory(kickback, dfa);
        assertTrue(firstDifference(kickback, train(network(architecture), loss, new Backprop(), data)) > 0,
                "and it is not backprop");
    }

    @Test
    void kickbackIsNotDfaWithAnAlmostOnesMatrix() {
        Loss loss = new SquaredError();
        Architecture architecture = architecture(List.of(7, 6), 3, true, false);
        List<DMatrixRMaj[]> data = batches(3, false);
        Network network = network(architecture);
        List<List<DMatrixRMaj>> kickback = train(network, loss, new Kickback(), data);
        List<List<DMatrixRMaj>> almost = train(network(architecture), loss, dfaPerBoundary(k -> {
            DMatrixRMaj m = ones(network.shape().boundaryWidth(k), 3);
            m.data[0] = 1.001;
            return m;
        }), data);
        assertThrows(AssertionFailedError.class, () -> assertSameTrajectory(kickback, almost));
        assertEquals(1, firstDifference(kickback, almost));
    }

    @Test
    void theKickbackRuleHoldsOnesOfTheBoundaryShape() {
        Network network = network(architecture(List.of(7, 6), 3, true, false));
        List<ErrorSignal> signals = new Kickback().assign(network.shape(), Rig.context(SEED, SGD));
        for (int k = 1; k <= 2; k++) {
            DirectFeedbackSignal signal = (DirectFeedbackSignal) signals.get(k - 1);
            assertTrue(Rig.identical(ones(network.shape().boundaryWidth(k), 3), signal.feedback()));
        }
    }
}
