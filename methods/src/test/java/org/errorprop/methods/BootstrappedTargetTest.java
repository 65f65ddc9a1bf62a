package org.errorprop.methods;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.training.TrainingStep;
import org.errorprop.methods.synthetic.SyntheticGradientOptions;
import org.errorprop.methods.synthetic.SyntheticGradients;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With a synthesizer at every boundary ({@code --sg-at all}), only the top synthesizer learns from the
 * true gradient; each lower one learns from the synthetic gradient above it pulled back one block,
 * {@code δ̂_{k+1} ∂h_{k+1}/∂h_k} (Jaderberg et al.'s bootstrapping). Checked by recomputing that
 * pull-back independently, at the moment the synthesizer learns, from the signal recorded above.
 */
class BootstrappedTargetTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static final int STEPS = 8;

    /** Wraps the real signal at each boundary, recording what it returned and the target it learned from. */
    private static final class Recorder implements ErrorSignal {
        private final ErrorSignal inner;
        private final Network network;
        private final List<DMatrixRMaj> signals;
        private final List<DMatrixRMaj> targets;
        private final List<DMatrixRMaj> expectedTargets;
        private final Recorder above;

        Recorder(ErrorSignal inner, Network network, Recorder above) {
            this.inner = inner;
            this.network = network;
            this.above = above;
            this.signals = new ArrayList<>();
            this.targets = new ArrayList<>();
            this.expectedTargets = new ArrayList<>();
        }

        @Override
        public Set<SignalNeed> needs() {
            return inner.needs();
        }

        @Override
        public Set<SignalNeed> learningNeeds() {
            return inner.learningNeeds();
        }

        @Override
        public DMatrixRMaj signal(Boundary at) {
            DMatrixRMaj signal = inner.signal(at);
            signals.add(signal.copy());
            return signal;
        }

        @Override
        public void learn(Boundary at) {
            targets.add(at.upstreamErrorCarriedBy(at.upstreamWeights()).copy());
            if (above != null) {
                // Independently: the signal recorded one boundary up, through block k+1's tail, then W_{k+1}ᵀ.
                int k = at.index();
                DMatrixRMaj fromAbove = above.signals.get(above.signals.size() - 1);
                DMatrixRMaj g = network.block(k + 1).backwardToPreActivation(fromAbove).copy();
                DMatrixRMaj w = network.block(k + 1).linear().weight().value();
                DMatrixRMaj pulled = new DMatrixRMaj(g.numRows, w.numRows);
                COMPUTE.blas().multiplyTransposeB(g, w, pulled);
                expectedTargets.add(pulled);
            }
            inner.learn(at);
        }
    }

    @Test
    void everyLowerSynthesizerLearnsFromTheOneAboveIt() {
        Network network = new Architecture(6, List.of(5, 5, 4), 3, Activation.TANH, true, true, false,
                Initializer.UNIFORM_FAN_IN).build(new RandomStreams(9), COMPUTE);
        Method sgEverywhere = SyntheticGradients.conditioned(SyntheticGradientOptions.DEFAULTS
                .withPlacement(SgPlacement.ALL).withSynthesizer(SynthesizerKind.LINEAR));
        List<Recorder> recorders = new ArrayList<>();
        Method recording = new Method() {
            @Override
            public String name() {
                return "recording-csg";
            }

            @Override
            public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
                List<ErrorSignal> real = sgEverywhere.assign(shape, context);
                Recorder above = null;
                List<ErrorSignal> wrapped = new ArrayList<>();
                for (int k = shape.boundaries(); k >= 1; k--) {
                    above = new Recorder(real.get(k - 1), network, above);
                    wrapped.add(0, above);
                }
                recorders.addAll(wrapped.stream().map(Recorder.class::cast).toList());
                return wrapped;
            }
        };
        Adam adam = Adam.withLearningRate(0.01);
        TrainingStep step = new TrainingStep(network, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), recording, adam,
                new MethodContext(new RandomStreams(9).child("method"), adam, COMPUTE));
        RandomGenerator data = new RandomStreams(10).startOf("x");
        DMatrixRMaj x = new DMatrixRMaj(7, 6);
        DMatrixRMaj y = new DMatrixRMaj(7, 3);
        for (int i = 0; i < x.getNumElements(); i++) {
            x.data[i] = data.nextGaussian() * (1 + i % 3);
        }
        for (int r = 0; r < 7; r++) {
            y.set(r, r % 3, 1.0);
        }
        for (int s = 0; s < STEPS; s++) {
            step.run(x, y);
        }
        for (int k = 1; k <= 2; k++) {
            Recorder recorder = recorders.get(k - 1);
            assertEquals(STEPS, recorder.targets.size());
            for (int s = 0; s < STEPS; s++) {
                assertArrayEquals(recorder.expectedTargets.get(s).data, recorder.targets.get(s).data,
                        "boundary " + k + ", step " + (s + 1) + ": the target is the synthetic gradient above, pulled back");
            }
        }
        // After a few steps the lower synthesizers' targets are not all zero: the bootstrap carries information.
        DMatrixRMaj last = recorders.get(0).targets.get(STEPS - 1);
        double norm = 0;
        for (int i = 0; i < last.getNumElements(); i++) {
            norm += last.data[i] * last.data[i];
        }
        assertTrue(norm > 0, "the bottom synthesizer's target became non-zero");
    }
}
