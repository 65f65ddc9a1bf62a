package org.errorprop.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongSupplier;
import org.errorprop.framework.training.PipelinedOutcome;
import org.errorprop.experiments.checkpoint.Checkpoint;
import org.errorprop.experiments.checkpoint.CheckpointFormat;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.experiments.spec.SpecYaml;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.state.StateArrays;
import org.errorprop.framework.state.StateNotExportableException;
import org.errorprop.framework.training.EpochDiagnostics;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.StepResult;
import org.errorprop.framework.training.TrainingListener;
import org.errorprop.methods.MethodCatalog;

/**
 * One spec trained into one run directory, surviving kills: while the run is unfinished its spec and its latest
 * checkpoint live in {@code .NAME.checkpoint/} beside the target (the staging directory cannot hold them: SIGINT,
 * SIGTERM and the next run remove it), guarded by the target's lock. Opening the same target with the same spec
 * again continues from the checkpoint, or from the beginning if none was taken; the result is bit for bit the
 * uninterrupted run's. Committing the run directory removes the checkpoints. The run directory also gets
 * {@value #STATE_DIGEST}, the SHA-256 of the final training state, so that two runs' final weights (and
 * optimiser and synthesizer states) can be compared without keeping them.
 *
 * <p>Use: {@link #complete} to skip a finished target, then {@code try (ResumableRun run = open(target, spec))
 * { run.train(...); }}.
 */
public final class ResumableRun implements AutoCloseable {
    public static final String STATE_DIGEST = "state.sha256";
    static final String SPEC_FILE = "spec.yaml";
    static final String CHECKPOINT_FILE = "checkpoint.bin";
    /** A pipelined run's finished epochs, rewritten after each: what a Ctrl-C leaves of it. */
    public static final String METRICS_SO_FAR = "metrics-so-far.csv";

    private final Path shown;
    private final RunSpec spec;
    private final String specYaml;
    private final OutputDirectory output;
    private final Path checkpoints;
    private final Checkpoint resumeFrom;
    /** Whether this process created {@link #checkpoints}: it removes them again if it fails before saving one. */
    private final boolean createdCheckpoints;
    private boolean committed;

    private ResumableRun(Path shown, RunSpec spec, String specYaml, OutputDirectory output, Path checkpoints,
                         Checkpoint resumeFrom, boolean createdCheckpoints) {
        this.shown = shown;
        this.spec = spec;
        this.specYaml = specYaml;
        this.output = output;
        this.checkpoints = checkpoints;
        this.resumeFrom = resumeFrom;
        this.createdCheckpoints = createdCheckpoints;
    }

    /** Where the checkpoints of an unfinished run on {@code target} live: {@code .NAME.checkpoint} beside it. */
    public static Path checkpointDirectory(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        return absolute.resolveSibling("." + absolute.getFileName() + ".checkpoint");
    }

    /**
     * Whether {@code target} holds a finished run (committed, with its marker). If so, the checkpoints and the lock
     * file that a kill between the commit and the end of the process left beside it are removed.
     */
    public static boolean complete(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        if (OutputMarker.kindOf(absolute).orElse(null) != OutputKind.RUN) {
            return false;
        }
        Path left = checkpointDirectory(absolute);
        if (Files.exists(left) || Files.exists(OutputLock.fileOf(absolute))) {
            // what a kill between the commit and the end of the process left: its checkpoints, its lock file
            OutputLock lock = OutputLock.acquire(absolute, target);
            try {
                if (Files.exists(left)) {
                    OutputDirectory.deleteTree(left);
                }
            } finally {
                lock.release();  // removes the lock file
            }
        }
        return true;
    }

    /** The spec of the unfinished run on {@code target}, saved beside it when it started; empty if there is none. */
    public static Optional<RunSpec> unfinished(MethodCatalog catalog, Path target) {
        Path file = checkpointDirectory(target).resolve(SPEC_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Optional.of(SpecYaml.read(catalog, file, RunSpec.reference()));
    }

    /**
     * Takes {@code target} for {@code spec} (refused at once if another run holds it, or it is not empty) and finds
     * where to start: the checkpoint of an earlier, killed run of the same spec, else the beginning. An unfinished
     * run of another spec, and a checkpoint that is corrupt or not this spec's, are refused with one line.
     */
    public static ResumableRun open(Path target, RunSpec spec) {
        return open(OutputDirectory.create(target, OutputKind.RUN), spec);
    }

    /**
     * As {@link #open(Path, RunSpec)}, on a run directory the caller created (and so locked) already, for callers
     * that decide what to do while holding the lock (a sweep re-checks whether another process finished the cell).
     * The run owns {@code output} from here: it commits it in {@link #train} and releases it in {@link #close}.
     */
    public static ResumableRun open(OutputDirectory output, RunSpec spec) {
        Path target = output.target();
        Path checkpoints = checkpointDirectory(target);
        boolean created = !Files.exists(checkpoints);
        try {
            String yaml = SpecYaml.write(spec);
            Path specFile = checkpoints.resolve(SPEC_FILE);
            Path checkpointFile = checkpoints.resolve(CHECKPOINT_FILE);
            Files.createDirectories(checkpoints);
            AtomicFiles.removeLeftovers(specFile);
            AtomicFiles.removeLeftovers(checkpointFile);
            Checkpoint resumeFrom = null;
            if (Files.isRegularFile(specFile)) {
                if (!Files.readString(specFile, StandardCharsets.UTF_8).equals(yaml)) {
                    throw new InvalidInputException(target + " holds an unfinished run of another spec ("
                            + shownPath(target, specFile) + "): continue it with `errorprop train --resume " + target
                            + "`, or delete " + shownPath(target, checkpoints) + " to start over");
                }
                if (Files.isRegularFile(checkpointFile)) {
                    resumeFrom = read(target, checkpointFile, yaml, spec);
                }
            } else {
                AtomicFiles.writeText(specFile, yaml);
            }
            return new ResumableRun(target, spec, yaml, output, checkpoints, resumeFrom, created);
        } catch (IOException | RuntimeException e) {
            try {
                if (created && Files.exists(checkpoints)) {
                    OutputDirectory.deleteTree(checkpoints);
                }
            } finally {
                output.close();
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot prepare the checkpoints of " + target + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    private static Checkpoint read(Path target, Path file, String yaml, RunSpec spec) throws IOException {
        String shown = "checkpoint " + shownPath(target, file);
        Checkpoint checkpoint;
        try {
            checkpoint = CheckpointFormat.decode(Files.readAllBytes(file), shown);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(e.getMessage() + "; delete it to start the run again from the beginning", e);
        }
        if (!checkpoint.spec().equals(yaml)) {
            throw new InvalidInputException(shown + " belongs to another spec than " + shownPath(target,
                    file.resolveSibling(SPEC_FILE)) + "; delete " + shownPath(target, file.getParent())
                    + " to start over");
        }
        if (checkpoint.epochs() >= spec.epochs()) {
            throw new InvalidInputException(shown + " is after epoch " + checkpoint.epochs() + ", but the run has "
                    + spec.epochs() + " epochs; delete " + shownPath(target, file.getParent()) + " to start over");
        }
        return checkpoint;
    }

    private static String shownPath(Path target, Path file) {
        Path parent = target.getParent();
        Path relative = target.toAbsolutePath().normalize().getParent().relativize(file);
        return parent == null ? relative.toString() : parent.resolve(relative).toString();
    }

    /** What to say, after the line that the run was stopped by a signal, about continuing it. */
    public void whenStoppedSay(String hint) {
        output.whenStoppedSay(hint);
    }

    /** The epochs the run continues after; empty when it starts from the beginning. */
    public OptionalInt resumedAfter() {
        return resumeFrom == null ? OptionalInt.empty() : OptionalInt.of(resumeFrom.epochs());
    }

    public RunSpec spec() {
        return spec;
    }

    /**
     * Trains the spec on {@code data} (from the checkpoint, if any), checkpointing by {@code schedule}, writes the run
     * directory ({@link RunArtifacts} and {@value #STATE_DIGEST}), commits it and removes the checkpoints.
     *
     * @param provenance where the run came from; {@code resumed_after_epoch} is added when it continued
     * @param clock      the wall clock in nanoseconds, for the epochs' times and the default schedule
     * @param listener   sees the steps and epochs trained in this process (not those of the checkpoint)
     */
    public RunResult train(DataSplit data, String dataDescription, Map<String, String> provenance, Compute compute,
                           LongSupplier clock, TrainingListener listener, CheckpointSchedule schedule) {
        if (spec.schedule().pipelined()) {
            return trainPipelined(data, dataDescription, provenance, compute, clock, listener, schedule);
        }
        Trainer trainer = Trainer.start(TrainingSetup.of(spec, data.train().inputWidth(), data.train().outputWidth(),
                compute), spec.schedule().updateProbability());
        RunResult done = new RunResult(List.of(), List.of());
        Map<String, String> facts = new LinkedHashMap<>(provenance);
        if (resumeFrom != null) {
            try {
                trainer.importState(resumeFrom.state());
            } catch (InvalidInputException e) {
                throw new InvalidInputException("checkpoint " + shownPath(shown, checkpoints.resolve(CHECKPOINT_FILE))
                        + " does not fit this run: " + e.getMessage(), e);
            }
            done = new RunResult(resumeFrom.metrics(), resumeFrom.diagnostics());
            facts.put("resumed_after_epoch", Integer.toString(resumeFrom.epochs()));
        }
        CheckpointSchedule effective = exportable(trainer, schedule);
        Checkpointing checkpointing = new Checkpointing(trainer, effective, clock, listener, done);
        RunResult result = trainer.epochs(data, spec.training(), spec.probeEvery(), clock, checkpointing, done);
        RunArtifacts.write(output, "", spec, dataDescription, facts, result);
        String when = result.diverged() ? "when the run diverged (" + result.divergence().get().describe() + ")"
                : "after epoch " + result.last().epoch();
        output.writeText(STATE_DIGEST, stateDigest(trainer, when));
        output.commit();
        committed = true;
        OutputDirectory.deleteTree(checkpoints);
        return result;
    }

    /**
     * The digest line of the training state, or of the network's alone when the rest cannot be exported (a plugin
     * rule's signals, stochastic updates' coin): the line says which.
     */
    private static String stateDigest(Trainer trainer, String when) {
        try {
            return CheckpointFormat.digest(trainer.exportState()) + "  training state " + when
                    + " (network, optimiser, signals; errorprop checkpoint format " + CheckpointFormat.VERSION + ")\n";
        } catch (StateNotExportableException e) {
            StateArrays network = new StateArrays();
            trainer.network().exportState(network.writer());
            return CheckpointFormat.digest(network) + "  network state " + when + " (network only: " + e.getMessage()
                    + "; errorprop checkpoint format " + CheckpointFormat.VERSION + ")\n";
        }
    }

    /**
     * The pipelined schedule: no checkpoints (refused with one line when asked for: its optimisers' state lives with
     * the stages, and a run resumed from one would not be the run it continues, since the pipeline's numbers depend
     * on the threads' timing anyway) and no signal probes (a probe needs the true gradient, which would lock the
     * stages); writes {@code pipeline.csv} beside the usual files.
     */
    private RunResult trainPipelined(DataSplit data, String dataDescription, Map<String, String> provenance,
                                     Compute compute, LongSupplier clock, TrainingListener listener,
                                     CheckpointSchedule schedule) {
        if (schedule.explicit() && !schedule.never()) {
            throw new InvalidInputException("the pipelined schedule does not checkpoint (its numbers depend on the "
                    + "threads' timing, so a resumed run would not continue the same run); leave out --checkpoint-every");
        }
        if (resumeFrom != null) {
            throw new InvalidInputException("the pipelined schedule cannot resume a checkpoint; start a new run");
        }
        PipelinedRun run = PipelinedRun.start(spec, data.train().inputWidth(), data.train().outputWidth(), compute,
                clock);
        Path soFar = checkpoints.resolve(METRICS_SO_FAR);
        List<org.errorprop.framework.training.EpochMetrics> finished = new java.util.ArrayList<>();
        PipelinedOutcome outcome = run.train(data, spec, new TrainingListener() {
            @Override
            public void stepFinished(int epoch, int step, int stepsPerEpoch,
                                     org.errorprop.framework.training.StepResult result) {
                listener.stepFinished(epoch, step, stepsPerEpoch, result);
            }

            @Override
            public void epochFinished(org.errorprop.framework.training.EpochMetrics metrics) {
                finished.add(metrics);
                // beside the checkpoints, which a stopped run keeps: the finished epochs survive a Ctrl-C
                AtomicFiles.writeText(soFar, MetricsCsv.format(finished));
                listener.epochFinished(metrics);
            }

            @Override
            public void epochCompleted(int epoch) {
                listener.epochCompleted(epoch);
            }
        });
        RunResult result = new RunResult(outcome.training().history(), List.of(), outcome.training().divergence());
        Map<String, String> facts = new LinkedHashMap<>(provenance);
        facts.put("schedule", "pipelined: " + run.describeCut() + "; the numbers depend on the threads' timing");
        facts.put("signal_probes", spec.probeEvery() > 0 ? "off (the pipelined schedule does not probe its signals)"
                : "off");
        facts.put("samples_per_second", String.format(java.util.Locale.ROOT, "%.1f", outcome.samplesPerSecond()));
        if (outcome.stoppedByCaller()) {
            facts.put("stopped", "by the caller after " + outcome.training().history().size() + " epochs");
        }
        if (result.history().isEmpty() && !result.diverged()) {
            throw new IllegalStateException("the pipelined run was stopped before its first epoch ended");
        }
        RunArtifacts.write(output, "", spec, dataDescription, facts, result);
        output.writeText("pipeline.csv", PipelinedRun.stagesCsv(outcome));
        String when = result.diverged() ? "when the run diverged (" + result.divergence().get().describe() + ")"
                : "after epoch " + result.last().epoch();
        output.writeText(STATE_DIGEST, CheckpointFormat.digest(run.networkState()) + "  network state " + when
                + " (network only: the pipelined schedule keeps its optimisers' state per stage; errorprop checkpoint "
                + "format " + CheckpointFormat.VERSION + ")\n");
        output.commit();
        committed = true;
        OutputDirectory.deleteTree(checkpoints);
        return result;
    }

    /**
     * {@code schedule}, or never when the rule's signals cannot export their state and no checkpoints were asked
     * for explicitly (a plugin's rule): such a run restarts from the beginning after a kill, which is still right.
     */
    private static CheckpointSchedule exportable(Trainer trainer, CheckpointSchedule schedule) {
        if (schedule.never()) {
            return schedule;
        }
        try {
            trainer.exportState();
            return schedule;
        } catch (StateNotExportableException e) {
            if (schedule.explicit()) {
                throw new InvalidInputException("this run cannot be checkpointed (" + e.getMessage()
                        + "); use --checkpoint-every 0", e);
            }
            return CheckpointSchedule.everyEpochs(0);
        }
    }

    /**
     * Releases the target. The run directory stays only if {@link #train} committed it; the checkpoints stay unless it
     * did, except when this process made them and failed before saving a checkpoint (a mistake in the data, say):
     * then nothing of the run is left. (A process killed before its first checkpoint leaves the saved spec, from
     * which {@code --resume} starts again.)
     */
    @Override
    public void close() {
        try {
            if (!committed && createdCheckpoints && !Files.exists(checkpoints.resolve(CHECKPOINT_FILE))
                    && Files.exists(checkpoints)) {
                OutputDirectory.deleteTree(checkpoints);
            }
        } finally {
            output.close();
        }
    }

    /** Passes everything on to the caller's listener, keeps the history, and saves checkpoints when due. */
    private final class Checkpointing extends RecordingListener {
        private final Trainer trainer;
        private final CheckpointSchedule schedule;
        private final LongSupplier clock;
        private long last;

        Checkpointing(Trainer trainer, CheckpointSchedule schedule, LongSupplier clock, TrainingListener listener,
                      RunResult done) {
            super(listener, done);
            this.trainer = trainer;
            this.schedule = schedule;
            this.clock = clock;
            this.last = clock.getAsLong();
        }

        @Override
        public void epochCompleted(int epoch) {
            long now = clock.getAsLong();
            if (schedule.due(epoch, spec.epochs(), now - last)) {
                Checkpoint checkpoint = new Checkpoint(specYaml, epoch, trainer.exportState(), metrics(), diagnostics());
                AtomicFiles.write(checkpoints.resolve(CHECKPOINT_FILE), CheckpointFormat.encode(checkpoint));
                last = clock.getAsLong();
            }
            super.epochCompleted(epoch);
        }
    }
}
