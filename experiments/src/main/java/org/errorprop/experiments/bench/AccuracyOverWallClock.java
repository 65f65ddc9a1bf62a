package org.errorprop.experiments.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.linalg.MatmulPrecision;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.SequentialTraining;
import org.errorprop.framework.training.TrainingConfig;
import org.errorprop.framework.training.TrainingListener;
import org.errorprop.framework.training.TrainingOutcome;

/**
 * Test accuracy against training wall-clock time on real digits, for the {@link BenchmarkNetwork} (Adam 3e-4, as
 * {@link PreparedStep}): cSG pipelined in two stages, cSG and backprop sequential on a given number of threads. The
 * time of a point is the training time of the epochs up to it (evaluations left out).
 */
public final class AccuracyOverWallClock {
    private final LongSupplier nanoClock;
    private final BlasBackend backend;
    private final MatmulPrecision precision;

    public AccuracyOverWallClock(LongSupplier nanoClock, BlasBackend backend, MatmulPrecision precision) {
        this.nanoClock = nanoClock;
        this.backend = backend;
        this.precision = precision;
    }

    /** One run's curve: after each epoch, the training seconds so far and the test accuracy. */
    public record Curve(String label, long seed, double[] seconds, double[] testAccuracy) {
    }

    /** cSG in the pipelined schedule, cut at the synthesizer's boundary, a thread per stage. */
    public Curve pipelined(BenchmarkNetwork spec, DataSplit data, int epochs, int queueCapacity, long seed) {
        try (Compute compute = Compute.of(backend, 1, precision)) {
            TrainingOutcome outcome = PreparedStep.pipelinedRun(spec, "sg", seed, compute, queueCapacity, nanoClock)
                    .run(data, new TrainingConfig(epochs, spec.batch()), TrainingListener.NONE).training();
            return curve("csg pipelined, 2 stages", seed, outcome);
        }
    }

    /** {@code method} ({@code bp} or {@code sg}) in the sequential schedule on {@code threads} parts. */
    public Curve sequential(BenchmarkNetwork spec, String method, DataSplit data, int epochs, int threads, long seed) {
        try (Compute compute = Compute.of(backend, threads, precision)) {
            PreparedStep.SequentialRun run = PreparedStep.sequentialRun(spec, method, seed, compute);
            TrainingOutcome outcome = new SequentialTraining(run.network(), LossFunction.SOFTMAX_CROSS_ENTROPY.loss(),
                    run.step(), run.random(), nanoClock).run(data, new TrainingConfig(epochs, spec.batch()),
                    TrainingListener.NONE);
            String name = method.equals("bp") ? "backprop" : "csg";
            return curve(name + " sequential, " + threads + " thread" + (threads == 1 ? "" : "s"), seed,
                    outcome);
        }
    }

    private static Curve curve(String label, long seed, TrainingOutcome outcome) {
        if (outcome.diverged()) {
            throw new org.errorprop.framework.training.DivergenceException(outcome.divergence().get());
        }
        List<EpochMetrics> history = outcome.history();
        double[] seconds = new double[history.size()];
        double[] accuracy = new double[history.size()];
        double elapsed = 0;
        for (int e = 0; e < history.size(); e++) {
            elapsed += history.get(e).seconds();
            seconds[e] = elapsed;
            accuracy[e] = history.get(e).testAccuracy();
        }
        return new Curve(label, seed, seconds, accuracy);
    }

    /** The curves' labels in first-seen order. */
    static List<String> labels(List<Curve> curves) {
        List<String> labels = new ArrayList<>();
        for (Curve curve : curves) {
            if (!labels.contains(curve.label())) {
                labels.add(curve.label());
            }
        }
        return labels;
    }
}
