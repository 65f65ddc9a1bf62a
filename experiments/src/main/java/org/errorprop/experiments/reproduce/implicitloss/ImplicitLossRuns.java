package org.errorprop.experiments.reproduce.implicitloss;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.experiments.reproduce.IndependentRuns;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.experiments.reproduce.ReproductionContext;
import org.errorprop.experiments.reproduce.SharedResult;
import org.errorprop.framework.random.RandomStreams;

/**
 * The eight runs of one synthesizer variant: every panel of Figure 2 with a single SG and with an SG
 * everywhere. Runs are independent (own network, own streams), so they train on as many threads as
 * there are processors; the results are the same whatever the thread count.
 */
public record ImplicitLossRuns(SgVariant variant, List<RunRecord> runs) {
    /** The SG(h, y) runs, trained once for Figure 2 and Supp. Fig. 9. */
    public static final SharedResult<ImplicitLossRuns> FULL =
            new SharedResult<>("implicit-loss runs with SG(h, y)", ImplicitLossRuns.class);

    public ImplicitLossRuns {
        runs = List.copyOf(runs);
    }

    /** The configurations of one variant, in report order: panels a–d, single SG before SG everywhere. */
    public static List<RunConfig> configs(SgVariant variant) {
        List<RunConfig> configs = new ArrayList<>();
        for (LossPanel panel : LossPanel.values()) {
            for (SgLayout layout : SgLayout.values()) {
                configs.add(new RunConfig(panel, layout, variant));
            }
        }
        return configs;
    }

    /** The SG(h, y) runs of {@code context}, trained on first request. */
    public static ImplicitLossRuns full(ReproductionContext context, ImplicitLossSettings settings) {
        return context.shared(FULL, () -> train(SgVariant.FULL, context, settings));
    }

    public static ImplicitLossRuns train(SgVariant variant, ReproductionContext context, ImplicitLossSettings settings) {
        ImplicitLossTraining training = new ImplicitLossTraining(settings,
                new RandomStreams(context.seed()).child("implicit-loss"), context.compute());
        List<RunConfig> configs = configs(variant);
        try (Progress progress = context.progress("implicit loss, " + variant.formula(), configs.size())) {
            List<RunRecord> runs = IndependentRuns.map(configs, IndependentRuns.defaultWorkers(), training::run,
                    (config, run) -> {
                        progress.message(run.config().key()
                                + String.format(java.util.Locale.ROOT, " loss %.4g", run.finalLoss()));
                        progress.step();
                    });
            return new ImplicitLossRuns(variant, runs);
        }
    }

    public RunRecord get(LossPanel panel, SgLayout layout) {
        for (RunRecord run : runs) {
            if (run.config().panel() == panel && run.config().layout() == layout) {
                return run;
            }
        }
        throw new IllegalArgumentException("no run for " + panel + ", " + layout);
    }

    /** Mean correlation over every snapshot and boundary of every run (NaNs skipped). */
    public double meanCorrelation() {
        double sum = 0;
        int count = 0;
        for (RunRecord run : runs) {
            for (Snapshot snapshot : run.snapshots()) {
                for (double c : snapshot.correlation().values()) {
                    if (Double.isFinite(c)) {
                        sum += c;
                        count++;
                    }
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }
}
