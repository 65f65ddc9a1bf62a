package org.errorprop.experiments.bench;

import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.training.StepResult;
import org.errorprop.framework.training.TrainingStep;
import org.errorprop.methods.MethodCatalog;
import org.errorprop.methods.SgPlacement;
import org.errorprop.methods.SynthesizerKind;
import org.errorprop.methods.synthetic.SyntheticGradientOptions;
import org.errorprop.methods.synthetic.SyntheticGradients;

/**
 * A training step of the {@link BenchmarkNetwork} ready to run, with its data, as {@link TrainingThroughput} times
 * it and the JMH benchmarks measure it: the network built from the streams {@code "bench"} of the seed, softmax
 * cross-entropy, Adam 3e-4 for network and synthesizer, and {@value #BATCHES} batches drawn from
 * {@code "bench/data"} (inputs uniform in [0, 1), labels uniform over the classes) used in turn. The step keeps
 * training: every {@link #run} updates the weights.
 */
public final class PreparedStep {
    /** The peer's learning rate. */
    public static final double LEARNING_RATE = 3e-4;
    /** How many distinct batches the step cycles through. */
    public static final int BATCHES = 8;

    private final TrainingStep step;
    private final DMatrixRMaj[] inputs;
    private final DMatrixRMaj[] targets;

    private PreparedStep(TrainingStep step, DMatrixRMaj[] inputs, DMatrixRMaj[] targets) {
        this.step = step;
        this.inputs = inputs;
        this.targets = targets;
    }

    /**
     * @param method {@code bp} (backprop) or {@code sg} (one linear cSG between the halves, at
     *               {@link BenchmarkNetwork#synthesizerBoundary()})
     * @throws IllegalArgumentException for any other method
     */
    public static PreparedStep prepare(BenchmarkNetwork spec, String method, long seed, Compute compute) {
        RandomStreams random = new RandomStreams(seed);
        Network network = spec.architecture().build(random.child("bench"), compute);
        Adam adam = Adam.withLearningRate(LEARNING_RATE);
        TrainingStep step = new TrainingStep(network, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), create(spec, method),
                adam, new MethodContext(random.child("bench/method"), adam, compute));
        RandomGenerator data = random.startOf("bench/data");
        DMatrixRMaj[] inputs = new DMatrixRMaj[BATCHES];
        DMatrixRMaj[] targets = new DMatrixRMaj[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            inputs[b] = new DMatrixRMaj(spec.batch(), BenchmarkNetwork.INPUTS);
            for (int i = 0; i < inputs[b].data.length; i++) {
                inputs[b].data[i] = data.nextDouble();
            }
            targets[b] = new DMatrixRMaj(spec.batch(), BenchmarkNetwork.CLASSES);
            for (int r = 0; r < spec.batch(); r++) {
                targets[b].set(r, data.nextInt(BenchmarkNetwork.CLASSES), 1.0);
            }
        }
        return new PreparedStep(step, inputs, targets);
    }

    /** A network of the benchmark and the sequential step that trains it, as {@link #prepare} builds them. */
    record SequentialRun(org.errorprop.framework.network.Network network, TrainingStep step, RandomStreams random) {
    }

    /** The network and its step from the streams of {@code seed}, computing on {@code compute}. */
    static SequentialRun sequentialRun(BenchmarkNetwork spec, String method, long seed, Compute compute) {
        RandomStreams random = new RandomStreams(seed);
        Network network = spec.architecture().build(random.child("bench"), compute);
        Adam adam = Adam.withLearningRate(LEARNING_RATE);
        return new SequentialRun(network, new TrainingStep(network, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(),
                create(spec, method), adam, new MethodContext(random.child("bench/method"), adam, compute)), random);
    }

    /** The same network and rule in the pipelined schedule, cut at the synthesizer's boundary. */
    static org.errorprop.framework.training.PipelinedTraining pipelinedRun(BenchmarkNetwork spec, String method,
            long seed, Compute compute, int queueCapacity, java.util.function.LongSupplier clock) {
        RandomStreams random = new RandomStreams(seed);
        Network network = spec.architecture().build(random.child("bench"), compute);
        Adam adam = Adam.withLearningRate(LEARNING_RATE);
        return new org.errorprop.framework.training.PipelinedTraining(network, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(),
                create(spec, method), new MethodContext(random.child("bench/method"), adam, compute), adam,
                org.errorprop.framework.training.PipelineSettings.at(List.of(spec.synthesizerBoundary()), queueCapacity),
                random, clock);
    }

    /** The rule {@code method} names: {@code bp}, or {@code sg} (one linear cSG at the synthesizer's boundary). */
    static Method method(BenchmarkNetwork spec, String method) {
        return create(spec, method);
    }

    private static Method create(BenchmarkNetwork spec, String method) {
        MethodCatalog catalog = MethodCatalog.standard();
        return switch (method) {
            case "bp" -> catalog.create("backprop");
            case "sg" -> SyntheticGradients.conditioned(SyntheticGradientOptions.DEFAULTS.withSynthesizer(SynthesizerKind.LINEAR)
                    .withPlacement(SgPlacement.at(List.of(spec.synthesizerBoundary()))));
            default -> throw new IllegalArgumentException("bench methods are bp and sg, not " + method);
        };
    }

    /** The step itself, e.g. to reach the signal at a boundary. */
    public TrainingStep step() {
        return step;
    }

    /** One training step on batch {@code index mod }{@value #BATCHES}; {@code index} must not be negative. */
    public StepResult run(int index) {
        int batch = index % BATCHES;
        return step.run(inputs[batch], targets[batch]);
    }
}
