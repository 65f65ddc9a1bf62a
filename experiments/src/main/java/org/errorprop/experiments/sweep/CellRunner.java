package org.errorprop.experiments.sweep;

import org.errorprop.experiments.run.OutputDirectory;

/**
 * How a sweep runs one cell: the seam between the sweep (which cells, where, how many at once, what is skipped) and
 * training. The command line's implementation is the {@code train} path, checkpoints and resume included.
 */
@FunctionalInterface
public interface CellRunner {
    /**
     * Trains {@code cell} and writes its run files into {@code directory}, locked for it already; the runner may commit
     * the directory itself (the command line's does, through {@code ResumableRun}, which also keeps the cell's
     * checkpoints beside it), else the sweep commits it afterwards (and removes it if this throws). A run that
     * diverges is a result: its files so far are written, with {@link CellStatus#DIVERGED} in its status file, and
     * that status returned. Any other failure throws.
     */
    CellStatus run(SweepCell cell, OutputDirectory directory);
}
