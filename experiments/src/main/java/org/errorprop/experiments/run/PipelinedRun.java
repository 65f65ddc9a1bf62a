package org.errorprop.experiments.run;

import java.util.function.LongSupplier;
import org.errorprop.experiments.report.CsvTable;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.state.StateArrays;
import org.errorprop.framework.training.PipelinedOutcome;
import org.errorprop.framework.training.PipelinedTraining;
import org.errorprop.framework.training.StageMetrics;
import org.errorprop.framework.training.TrainingListener;

/**
 * A run of a {@link RunSpec} in the pipelined schedule: the network built as {@link Trainer} builds it (the same
 * streams, so the same initial weights and batch order), trained by {@link PipelinedTraining}. Each stage computes
 * on {@link #partsPerStage} parts, so that the stages together never ask for more threads than the process's
 * compute has: two stages on two cores get one part each.
 */
public final class PipelinedRun {
    private final Network network;
    private final PipelinedTraining training;
    private final Compute stageCompute;
    private final boolean ownsCompute;

    private PipelinedRun(Network network, PipelinedTraining training, Compute stageCompute, boolean ownsCompute) {
        this.network = network;
        this.training = training;
        this.stageCompute = stageCompute;
        this.ownsCompute = ownsCompute;
    }

    /** Builds the run on data of these widths; refuses (one line) a rule or cut the pipelined schedule cannot run. */
    public static PipelinedRun start(RunSpec spec, int inputWidth, int outputWidth, Compute compute, LongSupplier clock) {
        int parts = partsPerStage(compute.parts(), spec.schedule().stageCount());
        boolean own = parts != compute.parts();
        Compute stageCompute = own ? Compute.of(compute.backend(), parts, compute.precision()) : compute;
        try {
            TrainingSetup setup = TrainingSetup.of(spec, inputWidth, outputWidth, stageCompute);
            Network network = setup.architecture().build(setup.random(), setup.methodContext().compute());
            PipelinedTraining training = new PipelinedTraining(network, setup.loss(), setup.method(),
                    setup.methodContext(), setup.optimizer(), spec.schedule().pipelineSettings(), setup.random(), clock);
            return new PipelinedRun(network, training, stageCompute, own);
        } catch (RuntimeException e) {
            if (own) {
                stageCompute.close();
            }
            throw e;
        }
    }

    /** Parts of the compute each of {@code stages} stages gets out of {@code parts}: at least one. */
    static int partsPerStage(int parts, int stages) {
        return Math.max(1, parts / stages);
    }

    public PipelinedOutcome train(DataSplit data, RunSpec spec, TrainingListener listener) {
        try {
            return training.run(data, spec.training(), listener);
        } finally {
            if (ownsCompute) {
                stageCompute.close();
            }
        }
    }

    public String describeCut() {
        return training.cut().toString();
    }

    public Network network() {
        return network;
    }

    /** The network's state (the optimisers' state stays with the stages: a pipelined run is not checkpointed). */
    public StateArrays networkState() {
        StateArrays state = new StateArrays();
        network.exportState(state.writer());
        return state;
    }

    /** {@code pipeline.csv}: one row per stage with its blocks, times, staleness and queue depth. */
    public static String stagesCsv(PipelinedOutcome outcome) {
        CsvTable table = new CsvTable("stage", "first_block", "last_block", "busy_seconds", "idle_seconds",
                "blocked_seconds", "steps", "updates", "targets_learned", "mean_staleness", "max_staleness",
                "mean_queue_depth", "max_queue_depth");
        for (StageMetrics stage : outcome.stages()) {
            table.add(stage.stage(), stage.firstBlock(), stage.lastBlock(), stage.busySeconds(), stage.idleSeconds(),
                    stage.blockedSeconds(), stage.steps(), stage.updates(), stage.targetsLearned(),
                    stage.meanStaleness(), stage.maxStaleness(), stage.meanQueueDepth(), stage.maxQueueDepth());
        }
        return table.text();
    }
}
