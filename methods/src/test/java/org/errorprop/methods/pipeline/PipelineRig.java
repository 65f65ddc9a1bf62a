package org.errorprop.methods.pipeline;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
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
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Method;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.training.PipelineSettings;
import org.errorprop.framework.training.PipelinedOutcome;
import org.errorprop.framework.training.PipelinedTraining;
import org.errorprop.framework.training.SequentialTraining;
import org.errorprop.framework.training.TrainingConfig;
import org.errorprop.framework.training.TrainingListener;
import org.errorprop.framework.training.TrainingOutcome;
import org.errorprop.framework.training.TrainingStep;
import org.errorprop.methods.SgPlacement;
import org.errorprop.methods.synthetic.SyntheticGradientOptions;
import org.errorprop.methods.synthetic.SyntheticGradients;
import org.errorprop.methods.SynthesizerKind;

/** Small networks, data and methods for the pipelined schedule's tests. */
final class PipelineRig {
    static final Compute COMPUTE = Compute.sequential();
    static final Loss LOSS = LossFunction.SOFTMAX_CROSS_ENTROPY.loss();

    private PipelineRig() {
    }

    static Architecture architecture(int inputs, List<Integer> hidden, int classes) {
        return new Architecture(inputs, hidden, classes, Activation.RELU, true, true, false, Initializer.UNIFORM_FAN_IN);
    }

    /** cSG with a linear synthesizer at each of {@code boundaries}, backprop elsewhere. */
    static Method csgAt(List<Integer> boundaries) {
        return SyntheticGradients.conditioned(new SyntheticGradientOptions(SgPlacement.at(boundaries),
                SynthesizerKind.LINEAR, List.of(), 1.0));
    }

    /** cSG with a linear synthesizer at every hidden boundary. */
    static Method csgEverywhere() {
        return SyntheticGradients.conditioned(new SyntheticGradientOptions(SgPlacement.ALL, SynthesizerKind.LINEAR,
                List.of(), 1.0));
    }

    /** Gaussian blobs, one per class, in {@code inputs} dimensions; train and test from different streams. */
    static DataSplit blobs(int inputs, int classes, int train, int test, long seed) {
        return new DataSplit(blobSet("train", inputs, classes, train, seed, 1), blobSet("test", inputs, classes, test,
                seed, 2));
    }

    private static Dataset blobSet(String name, int inputs, int classes, int size, long seed, long salt) {
        SplittableRandom centres = new SplittableRandom(seed);
        double[][] centre = new double[classes][inputs];
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < inputs; j++) {
                centre[c][j] = 3 * (centres.nextDouble() - 0.5);
            }
        }
        SplittableRandom random = new SplittableRandom(seed * 31 + salt);
        DMatrixRMaj x = new DMatrixRMaj(size, inputs);
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            labels[i] = i % classes;
            for (int j = 0; j < inputs; j++) {
                x.set(i, j, centre[labels[i]][j] + 0.5 * (random.nextDouble() - 0.5));
            }
        }
        return Dataset.classification(name, x, labels, classes);
    }

    static OptimizerSpec adam() {
        return Adam.withLearningRate(0.01);
    }

    /** A clock that advances 1 µs per reading. */
    static LongSupplier fakeClock() {
        long[] now = {0};
        return () -> now[0] += 1_000L;
    }

    static TrainingOutcome sequential(Architecture architecture, Method method, DataSplit data, TrainingConfig config,
                                      long seed) {
        Network network = architecture.build(new RandomStreams(seed), COMPUTE);
        TrainingStep step = new TrainingStep(network, LOSS, method, adam(),
                new MethodContext(new RandomStreams(seed).child("method"), adam(), COMPUTE));
        return new SequentialTraining(network, LOSS, step, new RandomStreams(seed), fakeClock())
                .run(data, config, TrainingListener.NONE);
    }

    static PipelinedTraining pipelined(Architecture architecture, Method method, PipelineSettings settings, long seed) {
        Network network = architecture.build(new RandomStreams(seed), COMPUTE);
        return new PipelinedTraining(network, LOSS, method,
                new MethodContext(new RandomStreams(seed).child("method"), adam(), COMPUTE), adam(), settings,
                new RandomStreams(seed), System::nanoTime);
    }

    static PipelinedOutcome runPipelined(Architecture architecture, Method method, PipelineSettings settings,
                                         DataSplit data, TrainingConfig config, long seed) {
        return pipelined(architecture, method, settings, seed).run(data, config, TrainingListener.NONE);
    }

    /** {@code method} with the signal at boundary {@code k} wrapped: {@code override} may replace δ̂ or throw. */
    static Method withSignalAt(Method method, int k, java.util.function.IntFunction<DMatrixRMaj> override) {
        return new Method() {
            @Override
            public String name() {
                return method.name();
            }

            @Override
            public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
                List<ErrorSignal> signals = new java.util.ArrayList<>(method.assign(shape, context));
                ErrorSignal wrapped = signals.get(k - 1);
                AtomicInteger calls = new AtomicInteger();
                signals.set(k - 1, new ErrorSignal() {
                    @Override
                    public Set<SignalNeed> needs() {
                        return wrapped.needs();
                    }

                    @Override
                    public Set<SignalNeed> learningNeeds() {
                        return wrapped.learningNeeds();
                    }

                    @Override
                    public DMatrixRMaj signal(Boundary at) {
                        DMatrixRMaj replaced = override.apply(calls.incrementAndGet());
                        return replaced != null ? replaced : wrapped.signal(at);
                    }

                    @Override
                    public void learn(Boundary at) {
                        wrapped.learn(at);
                    }
                });
                return signals;
            }
        };
    }

}
