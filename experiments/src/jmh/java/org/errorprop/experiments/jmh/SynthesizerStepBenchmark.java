package org.errorprop.experiments.jmh;

import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.experiments.bench.BenchmarkNetwork;
import org.errorprop.experiments.bench.PreparedStep;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.methods.synthetic.Synthesizer;
import org.errorprop.methods.synthetic.SyntheticGradientSignal;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The synthesizer's share of one {@code sg} training step: the linear, label-conditioned synthesizer
 * {@code SG(h, y) = hA + yB + c} at width 256, batch 128, 10 classes, with its Adam 3e-4. It is the very
 * synthesizer of {@link TrainingStepBenchmark}'s sg step, taken from the step's signal at the boundary (through the
 * public {@link SyntheticGradientSignal#synthesizer()}); the step's network is built but not run.
 *
 * <p>There is no public entry point for "the synthesizer's work in a step" as such: the trainer calls
 * {@code SyntheticGradientSignal.signal} and {@code learn} with a {@code Boundary} it owns. What those two do for a
 * linear cSG is one public {@link Synthesizer} call each, so that is what is measured:
 * <ul>
 *   <li>{@link #predict}: {@code SG(h, y)}, the synthetic gradient (the signal);</li>
 *   <li>{@link #fit}: one update toward a target gradient {@code t}, which computes {@code SG(h, y)} again and the
 *       weight gradient (not {@code ∂/∂[h, y]}, which training does not need);</li>
 *   <li>{@link #predictThenFit}: both, in the trainer's order (the prediction consumed before fitting, which may
 *       reuse its workspace).</li>
 * </ul>
 * Not included: the target itself ({@code t = (∂L/∂g_{k+1}) W_{k+1}ᵀ}, the trainer's product at the boundary). The
 * inputs are fixed: {@code h} is ReLU-like (uniform in [-1, 1), negatives set to 0), {@code y} one-hot rows, {@code t}
 * uniform in [-0.001, 0.001).
 *
 * <p>One product on {@code [h, y]} costs {@code 2 · 128 · 266 · 256 = 17,432,576} FLOPs; predict is one of them,
 * fit two (forward, weight gradient).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = BenchmarkSetup.VECTOR_MODULE)
public class SynthesizerStepBenchmark {
    private Synthesizer synthesizer;
    private DMatrixRMaj activation;
    private DMatrixRMaj labels;
    private DMatrixRMaj target;

    @Setup(Level.Trial)
    public void prepare() {
        BenchmarkSetup.reportBackend();
        BenchmarkNetwork network = BenchmarkSetup.NETWORK;
        PreparedStep step = PreparedStep.prepare(network, "sg", BenchmarkSetup.SEED, BenchmarkSetup.COMPUTE);
        ErrorSignal signal = step.step().signalAt(network.synthesizerBoundary());
        if (!(signal instanceof SyntheticGradientSignal synthetic)) {
            throw new IllegalStateException("expected a synthetic-gradient signal at boundary "
                    + network.synthesizerBoundary() + ", found " + signal.getClass().getName());
        }
        synthesizer = synthetic.synthesizer();

        RandomStreams random = new RandomStreams(BenchmarkSetup.SEED).child("synthesizer-step");
        activation = BenchmarkSetup.uniform(network.batch(), network.width(), random.startOf("activation"));
        for (int i = 0; i < activation.data.length; i++) {
            activation.data[i] = Math.max(0.0, activation.data[i]);
        }
        labels = new DMatrixRMaj(network.batch(), BenchmarkNetwork.CLASSES);
        RandomGenerator classes = random.startOf("labels");
        for (int r = 0; r < network.batch(); r++) {
            labels.set(r, classes.nextInt(BenchmarkNetwork.CLASSES), 1.0);
        }
        target = BenchmarkSetup.uniform(network.batch(), network.width(), random.startOf("target"));
        for (int i = 0; i < target.data.length; i++) {
            target.data[i] *= 1e-3;
        }
    }

    /** The synthetic gradient {@code SG(h, y)}, {@code 128 × 256}. */
    @Benchmark
    public DMatrixRMaj predict() {
        return synthesizer.predict(activation, labels);
    }

    /** One Adam step of the synthesizer toward {@code t}; returns its loss before the step. */
    @Benchmark
    public double fit() {
        return synthesizer.fit(activation, labels, target, 1.0);
    }

    /** The synthesizer's work in one step: the signal, consumed, then the update. */
    @Benchmark
    public void predictThenFit(Blackhole blackhole) {
        blackhole.consume(synthesizer.predict(activation, labels));
        blackhole.consume(synthesizer.fit(activation, labels, target, 1.0));
    }
}
