package org.errorprop.experiments.reproduce;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/** Runs experiments one after the other in one context, timing each. */
public final class Reproduction {
    private final LongSupplier nanoClock;

    public Reproduction(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * Runs {@code experiments} in order; {@code finished} hears of each as it completes (for a line on
     * the console). An exception from any experiment propagates, so nothing is reported as done that was not.
     */
    public List<ExperimentOutcome> run(List<Experiment> experiments, ReproductionContext context,
                                       Consumer<ExperimentOutcome> finished) {
        return run(experiments, context, finished, waiting -> {
            throw new IllegalStateException("runs of " + waiting + " are missing, yet this process trains every run");
        });
    }

    /**
     * As {@link #run(List, ReproductionContext, Consumer)}, for one shard of a reproduction: an experiment that
     * needs runs another shard trains ({@link RunStore.RunsOfOtherShards}) is passed to {@code waiting} by name
     * and skipped, after this shard's own runs of it are stored; the others go on.
     */
    public List<ExperimentOutcome> run(List<Experiment> experiments, ReproductionContext context,
                                       Consumer<ExperimentOutcome> finished, Consumer<String> waiting) {
        List<ExperimentOutcome> outcomes = new ArrayList<>();
        for (Experiment experiment : experiments) {
            long start = nanoClock.getAsLong();
            ExperimentReport report;
            try {
                report = experiment.run(context);
            } catch (RunStore.RunsOfOtherShards e) {
                waiting.accept(experiment.name());
                continue;
            }
            double seconds = (nanoClock.getAsLong() - start) / 1e9;
            ExperimentOutcome outcome = new ExperimentOutcome(experiment.name(), experiment.title(), report, seconds);
            outcomes.add(outcome);
            finished.accept(outcome);
        }
        return outcomes;
    }
}
