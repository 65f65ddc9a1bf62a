package org.errorprop.experiments.sweep;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import org.errorprop.experiments.run.ConsoleProgress;

/** What a sweep shows while it runs: cells done, running, diverged and failed. Called from the cells' threads. */
public interface SweepProgress extends AutoCloseable {
    /** A cell started training; {@code counts} include it. */
    void started(SweepCell cell, SweepCounts counts);

    /** A cell has an outcome; {@code detail} says more in a few words, {@code counts} include it. */
    void finished(SweepCell cell, CellOutcome outcome, String detail, SweepCounts counts);

    @Override
    void close();

    /** One line per finished cell, for logs (stderr not a terminal, as in a SLURM job). */
    static SweepProgress lines(PrintStream err) {
        return new SweepProgress() {
            @Override
            public void started(SweepCell cell, SweepCounts counts) {
            }

            @Override
            public synchronized void finished(SweepCell cell, CellOutcome outcome, String detail, SweepCounts counts) {
                err.println(String.format(Locale.ROOT, "sweep: %d/%d cells done, %d running, %d diverged, %d failed%s "
                        + "(%s: %s)", counts.done(), counts.total(), counts.running(), counts.diverged(), counts.failed(),
                        elsewhere(counts), cell.id(), detail));
            }

            @Override
            public void close() {
            }
        };
    }

    /** Said only when some cells were left to another process. */
    private static String elsewhere(SweepCounts counts) {
        return counts.elsewhere() == 0 ? "" : ", " + counts.elsewhere() + " left to another process";
    }

    /** A progress bar over the cells, with the counts beside it; failures also get a line of their own. */
    static SweepProgress bar(int cells, PrintStream err) {
        ProgressBar bar = ConsoleProgress.bar("sweep", cells, err);
        return new SweepProgress() {
            @Override
            public synchronized void started(SweepCell cell, SweepCounts counts) {
                show(counts);
            }

            @Override
            public synchronized void finished(SweepCell cell, CellOutcome outcome, String detail, SweepCounts counts) {
                if (outcome == CellOutcome.FAILED || outcome == CellOutcome.ELSEWHERE) {
                    err.println("sweep: " + cell.id() + ": " + detail);
                }
                show(counts);
            }

            private void show(SweepCounts counts) {
                bar.stepTo(counts.done());
                bar.setExtraMessage(String.format(Locale.ROOT, "%d running, %d diverged, %d failed%s", counts.running(),
                        counts.diverged(), counts.failed(), elsewhere(counts)));
            }

            @Override
            public void close() {
                bar.close();
            }
        };
    }
}
