package org.errorprop.experiments.sweep;

/**
 * Where a sweep process stands over its cells.
 *
 * @param total     the cells this process was given (its shard)
 * @param running   started and not yet finished
 * @param complete  complete, skipped ones included
 * @param diverged  diverged, skipped ones included
 * @param failed    failed here
 * @param elsewhere left to another process that held their lock
 * @param skipped   found finished by an earlier run, not run again
 */
public record SweepCounts(int total, int running, int complete, int diverged, int failed, int elsewhere,
                          int skipped) {

    /** Cells with an outcome. */
    public int done() {
        return complete + diverged + failed + elsewhere;
    }

    /**
     * The exit code of {@code errorprop sweep}: 0 every cell complete, 3 every cell finished and some diverged, 1
     * some failed or were left to another process (the sweep is not finished; rerun it).
     */
    public int exitCode() {
        if (failed > 0 || elsewhere > 0) {
            return 1;
        }
        return diverged > 0 ? 3 : 0;
    }

    SweepCounts started() {
        return new SweepCounts(total, running + 1, complete, diverged, failed, elsewhere, skipped);
    }

    SweepCounts finished(CellOutcome outcome, boolean wasRunning, boolean wasSkipped) {
        return new SweepCounts(total, running - (wasRunning ? 1 : 0),
                complete + (outcome == CellOutcome.COMPLETE ? 1 : 0),
                diverged + (outcome == CellOutcome.DIVERGED ? 1 : 0),
                failed + (outcome == CellOutcome.FAILED ? 1 : 0),
                elsewhere + (outcome == CellOutcome.ELSEWHERE ? 1 : 0),
                skipped + (wasSkipped ? 1 : 0));
    }
}
