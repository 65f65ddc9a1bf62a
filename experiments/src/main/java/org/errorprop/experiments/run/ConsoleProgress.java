package org.errorprop.experiments.run;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.StepResult;
import org.errorprop.framework.training.TrainingListener;

/** A progress bar on stderr over all steps of one run, with the latest epoch's test accuracy. */
public final class ConsoleProgress implements TrainingListener, AutoCloseable {
    private final ProgressBar bar;

    public ConsoleProgress(String task, long totalSteps, PrintStream stream) {
        this.bar = bar(task, totalSteps, stream);
    }

    /** errorprop's progress bar: ASCII (safe in any terminal and log), redrawn four times a second. */
    public static ProgressBar bar(String task, long total, PrintStream stream) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(stream)).build();
    }

    @Override
    public void stepFinished(int epoch, int step, int stepsPerEpoch, StepResult result) {
        bar.step();
    }

    @Override
    public void epochFinished(EpochMetrics metrics) {
        bar.setExtraMessage(String.format(Locale.ROOT, "epoch %d test acc %.4f", metrics.epoch(),
                metrics.testAccuracy()));
    }

    @Override
    public void close() {
        bar.close();
    }
}
