package org.errorprop.experiments.bench;

import java.util.List;
import java.util.function.LongSupplier;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.linalg.MatmulPrecision;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.training.PipelinedOutcome;
import org.errorprop.framework.training.SequentialTraining;
import org.errorprop.framework.training.StageMetrics;
import org.errorprop.framework.training.TrainingConfig;
import org.errorprop.framework.training.TrainingListener;

/**
 * Training samples per second of the {@link BenchmarkNetwork} in one schedule: the sequential one on a number of
 * threads (parts of the compute), or the pipelined one cut at the synthesizer's boundary, each stage on one thread.
 * One epoch of {@code steps} batches of random inputs and labels (the stream {@code "bench/data"}), timed without
 * the epoch's evaluation; the network, rule and Adam 3e-4 are {@link PreparedStep}'s.
 */
public final class ScheduleThroughput {
    private final LongSupplier nanoClock;
    private final BlasBackend backend;
    private final MatmulPrecision precision;

    public ScheduleThroughput(LongSupplier nanoClock, BlasBackend backend, MatmulPrecision precision) {
        this.nanoClock = nanoClock;
        this.backend = backend;
        this.precision = precision;
    }

    /** One measurement: samples per second and, for the pipelined schedule, each stage's measurements. */
    public record Measurement(double samplesPerSecond, List<StageMetrics> stages) {
        public Measurement {
            stages = List.copyOf(stages);
        }
    }

    /** The sequential schedule on {@code threads} parts. */
    public Measurement sequential(BenchmarkNetwork spec, String method, int threads, int steps, long seed) {
        try (Compute compute = Compute.of(backend, threads, precision)) {
            PreparedStep.SequentialRun run = PreparedStep.sequentialRun(spec, method, seed, compute);
            double seconds = new SequentialTraining(run.network(), LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), run.step(),
                    run.random(), nanoClock).run(data(spec, steps, seed), new TrainingConfig(1, spec.batch()),
                    TrainingListener.NONE).history().get(0).seconds();
            return new Measurement((double) steps * spec.batch() / seconds, List.of());
        }
    }

    /** The pipelined schedule, cut at the synthesizer's boundary, every stage on one thread. */
    public Measurement pipelined(BenchmarkNetwork spec, String method, int queueCapacity, int steps, long seed) {
        try (Compute compute = Compute.of(backend, 1, precision)) {
            PipelinedOutcome outcome = PreparedStep.pipelinedRun(spec, method, seed, compute, queueCapacity, nanoClock)
                    .run(data(spec, steps, seed), new TrainingConfig(1, spec.batch()), TrainingListener.NONE);
            return new Measurement(outcome.samplesPerSecond(), outcome.stages());
        }
    }

    /** {@code steps} batches of uniform inputs in [0, 1) and uniform labels; a token test set. */
    static DataSplit data(BenchmarkNetwork spec, int steps, long seed) {
        RandomGenerator random = new RandomStreams(seed).startOf("bench/data");
        int n = steps * spec.batch();
        DMatrixRMaj inputs = new DMatrixRMaj(n, BenchmarkNetwork.INPUTS);
        for (int i = 0; i < inputs.data.length; i++) {
            inputs.data[i] = random.nextDouble();
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(BenchmarkNetwork.CLASSES);
        }
        Dataset train = Dataset.classification("bench", inputs, labels, BenchmarkNetwork.CLASSES);
        DMatrixRMaj testInputs = new DMatrixRMaj(2, BenchmarkNetwork.INPUTS);
        Dataset test = Dataset.classification("bench-test", testInputs, new int[] {0, 1}, BenchmarkNetwork.CLASSES);
        return new DataSplit(train, test);
    }
}
