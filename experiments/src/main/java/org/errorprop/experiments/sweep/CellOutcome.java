package org.errorprop.experiments.sweep;

/** What became of one cell in one sweep process. */
public enum CellOutcome {
    /** Trained to its last epoch (now, or by an earlier run: then skipped). */
    COMPLETE,
    /** Stopped on a non-finite number; its directory keeps the metrics up to there. */
    DIVERGED,
    /** Failed otherwise; not finished, so the next run on the directory tries it again. */
    FAILED,
    /** Another process was running it (its lock was held); not run here. */
    ELSEWHERE
}
