package org.errorprop.experiments.sweep;

import org.errorprop.experiments.run.OutputDirectory;

/**
 * How a sweep runs one cell: the seam between the sweep (which cells, where, how many at once, what is skipped) and
 * training. The command line's implementation is the ordinary {@code train} path; checkpoints and resume plug in
 * here.
 */
@FunctionalInterface
public interface CellRunner {
    /**
     * Trains {@code cell} and writes its run files into {@code directory}, which the sweep commits afterwards (and
     * removes if this throws). A run that diverges is a result: its files so far are written, with
     * {@link CellStatus#DIVERGED} in its status file, and that status returned. Any other failure throws.
     */
    CellStatus run(SweepCell cell, OutputDirectory directory);
}
