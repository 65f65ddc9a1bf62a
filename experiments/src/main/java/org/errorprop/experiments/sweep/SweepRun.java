package org.errorprop.experiments.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.errorprop.experiments.run.OutputDirectory;
import org.errorprop.experiments.run.OutputKind;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.training.DivergenceException;

/**
 * Runs a sweep's cells (one shard's) into its directory, {@code parallel} at once, in id order: a finished cell is
 * skipped, any other is locked, run through the {@link CellRunner} and committed. A failed cell is recorded and the
 * others go on. Each cell is trained by one thread from start to end, so the number of threads changes which cells
 * overlap in time, never a cell's numbers.
 */
public final class SweepRun {
    private final SweepDirectory directory;
    private final CellRunner runner;
    private final SweepProgress progress;
    private SweepCounts counts;

    private SweepRun(SweepDirectory directory, CellRunner runner, SweepProgress progress, int total) {
        this.directory = directory;
        this.runner = runner;
        this.progress = progress;
        this.counts = new SweepCounts(total, 0, 0, 0, 0, 0, 0);
    }

    /** Runs {@code cells} of {@code directory}'s sweep, {@code parallel} at once; returns the final counts. */
    public static SweepCounts run(SweepDirectory directory, List<SweepCell> cells, int parallel, CellRunner runner,
                                  SweepProgress progress) {
        if (parallel < 1) {
            throw new InvalidInputException("--parallel must be at least 1, was " + parallel);
        }
        SweepRun run = new SweepRun(directory, runner, progress, cells.size());
        if (parallel == 1 || cells.size() <= 1) {
            cells.forEach(run::runOne);
            return run.counts();
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, cells.size()), task -> {
            Thread thread = new Thread(task, "errorprop-sweep-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> pending = new ArrayList<>();
            for (SweepCell cell : cells) {
                pending.add(pool.submit(() -> run.runOne(cell)));
            }
            for (Future<?> future : pending) {
                future.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the sweep's cells ran", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return run.counts();
    }

    private synchronized SweepCounts counts() {
        return counts;
    }

    private void runOne(SweepCell cell) {
        String id = cell.id();
        if (directory.isFinished(id)) {
            CellStatus status = CellStatus.of(directory.cell(id));
            finish(cell, outcomeOf(status), "already " + status.label() + ", skipped", false, true);
            return;
        }
        OutputDirectory out;
        try {
            out = OutputDirectory.create(directory.cell(id), OutputKind.RUN);
        } catch (InvalidInputException busyOrFinished) {
            if (directory.isFinished(id)) {
                CellStatus status = CellStatus.of(directory.cell(id));
                finish(cell, outcomeOf(status), status.label() + " by another process, skipped", false, true);
            } else {
                finish(cell, CellOutcome.ELSEWHERE, "another process is running it (" + busyOrFinished.getMessage()
                        + "); left to it", false, false);
            }
            return;
        }
        out.whenStoppedSay("rerun the sweep on " + directory.root() + " to finish it (a checkpointed cell continues)");
        boolean started = false;
        try (out) {
            if (directory.isFinished(id)) {  // finished by another process between the check above and the lock
                CellStatus status = CellStatus.of(directory.cell(id));
                finish(cell, outcomeOf(status), status.label() + " by another process, skipped", false, true);
                return;
            }
            synchronized (this) {
                counts = counts.started();
                progress.started(cell, counts);
            }
            started = true;
            CellStatus status;
            String detail;
            try {
                status = runner.run(cell, out);
                detail = status.label();
            } catch (DivergenceException e) {  // a runner that throws on divergence rather than returning it
                status = CellStatus.DIVERGED;
                detail = "diverged: " + e.getMessage();
                status.writeIfAbsent(out, e.getMessage());
            }
            if (!out.isCommitted()) {
                status.writeIfAbsent(out, null);
                out.commit();
            }
            directory.clearFailure(id);
            finish(cell, outcomeOf(status), detail, true, false);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            java.nio.file.Path log = directory.recordFailure(id, e);
            String reason = e.getMessage() == null ? e.toString() : e.getMessage().replace('\n', ' ');
            finish(cell, CellOutcome.FAILED, "failed: " + reason + " (details in " + log + ")", started, false);
        }
    }

    private synchronized void finish(SweepCell cell, CellOutcome outcome, String detail, boolean wasRunning,
                                     boolean skipped) {
        counts = counts.finished(outcome, wasRunning, skipped);
        progress.finished(cell, outcome, detail, counts);
    }

    private static CellOutcome outcomeOf(CellStatus status) {
        return status == CellStatus.DIVERGED ? CellOutcome.DIVERGED : CellOutcome.COMPLETE;
    }
}
