package org.errorprop.experiments.reproduce.implicitloss;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.Experiment;
import org.errorprop.experiments.reproduce.ExperimentReport;
import org.errorprop.experiments.reproduce.ReproductionContext;
import org.errorprop.experiments.report.MarkdownTable;

/**
 * Supp. Fig. 9: Figure 2's runs with an SG that does not see the labels, SG(h) = hA + C, and with one that
 * sees only the labels, SG(y) = yB + C, beside the full SG(h, y) (shared with Figure 2).
 */
public final class LabelAblationSupp9 implements Experiment {
    public static final String NAME = "supp9";
    /** "Clearly worse": a final loss at least this many times the full SG's, run by run. */
    static final double CLEARLY_WORSE = 2.0;

    @Override
    public String name() {
        return NAME;
    }

    /** It makes its own data. */
    @Override
    public boolean readsData() {
        return false;
    }

    @Override
    public String title() {
        return "Supplementary Figure 9: SG without labels, SG with labels only";
    }

    /** The loss of the constant prediction (½, ½): ½(¼ + ¼) for MSE, ln 2 for log loss. */
    static double chanceLoss(LossPanel panel) {
        return panel.squaredError() ? 0.25 : Math.log(2);
    }

    /** "Converged": the loss settles below half the chance-level loss. */
    static double convergenceThreshold(LossPanel panel) {
        return 0.5 * chanceLoss(panel);
    }

    @Override
    public ExperimentReport run(ReproductionContext context) {
        ImplicitLossSettings settings = ImplicitLossSettings.forScale(context.scale());
        ImplicitLossRuns full = ImplicitLossRuns.full(context, settings);
        ImplicitLossRuns noLabel = ImplicitLossRuns.train(SgVariant.NO_LABEL, context, settings);
        ImplicitLossRuns labelOnly = ImplicitLossRuns.train(SgVariant.LABEL_ONLY, context, settings);
        List<ImplicitLossRuns> ablations = List.of(noLabel, labelOnly);
        List<ImplicitLossRuns> all = List.of(full, noLabel, labelOnly);
        ImplicitLossFiles files = new ImplicitLossFiles(context, NAME, settings);
        for (ImplicitLossRuns runs : ablations) {
            for (RunRecord run : runs.runs()) {
                files.heatmap(run);
            }
        }
        files.correlations(all);
        files.grids(ablations);
        files.lossCurves(all);
        List<String> plots = new ArrayList<>();
        for (SgLayout layout : SgLayout.values()) {
            String suffix = layout.name().toLowerCase(Locale.ROOT);
            plots.add(files.lossPlot(all, layout, "loss-" + suffix));
            plots.add(files.correlationPlot(all, layout, "correlation-" + suffix));
        }
        List<Claim> claims = List.of(fullTracksBest(full, noLabel, labelOnly), labelOnlyEndsWorse(full, labelOnly),
                noLabelConvergesLater(full, noLabel));
        return new ExperimentReport(claims, markdown(context, settings, all, files, plots));
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    static Claim fullTracksBest(ImplicitLossRuns full, ImplicitLossRuns noLabel, ImplicitLossRuns labelOnly) {
        double f = full.meanCorrelation();
        double n = noLabel.meanCorrelation();
        double l = labelOnly.meanCorrelation();
        return new Claim("Neither the SG without labels nor the label-only SG reaches the fidelity of SG(h, y).",
                "qualitative, Supp. Fig. 9",
                "mean correlation over every run, boundary and snapshot: SG(h, y) > SG(h) and SG(h, y) > SG(y)",
                "SG(h, y) " + format(f) + ", SG(h) " + format(n) + ", SG(y) " + format(l), f > n && f > l);
    }

    /** Paired runs (same panel and layout) where SG(y)'s final loss is at least {@link #CLEARLY_WORSE} x SG(h, y)'s. */
    static Claim labelOnlyEndsWorse(ImplicitLossRuns full, ImplicitLossRuns labelOnly) {
        int worse = 0;
        List<String> ratios = new ArrayList<>();
        for (RunRecord run : full.runs()) {
            double mine = labelOnly.get(run.config().panel(), run.config().layout()).finalLoss();
            double ratio = Double.isFinite(mine) ? mine / run.finalLoss() : Double.POSITIVE_INFINITY;
            if (ratio >= CLEARLY_WORSE) {
                worse++;
            }
            ratios.add(String.format(Locale.ROOT, "%.3g", ratio));
        }
        int runs = full.runs().size();
        return new Claim("The label-only SG did not converge to a good solution.",
                "qualitative, Supp. Fig. 9 (e–h), after 100k iterations",
                "final train loss of SG(y) >= " + CLEARLY_WORSE + " x SG(h, y)'s (\"clearly worse\": at least twice the"
                        + " loss) in at least " + ImplicitLossFigure2.majority(runs) + " of the " + runs + " paired runs",
                "held in " + worse + " of " + runs + " (ratios " + String.join(", ", ratios) + ")",
                worse >= ImplicitLossFigure2.majority(runs));
    }

    /**
     * SG(h) converges in a majority of the runs where SG(h, y) converges, and wherever both converge it settles
     * later.
     */
    static Claim noLabelConvergesLater(ImplicitLossRuns full, ImplicitLossRuns noLabel) {
        int fullConverged = 0;
        int paired = 0;
        int later = 0;
        for (RunRecord run : full.runs()) {
            double threshold = convergenceThreshold(run.config().panel());
            int fullStep = run.settledBelow(threshold);
            int noLabelStep = noLabel.get(run.config().panel(), run.config().layout()).settledBelow(threshold);
            if (fullStep > 0) {
                fullConverged++;
                if (noLabelStep > 0) {
                    paired++;
                    if (noLabelStep > fullStep) {
                        later++;
                    }
                }
            }
        }
        boolean holds = fullConverged > 0 && paired >= ImplicitLossFigure2.majority(fullConverged) && later == paired;
        return new Claim("The SG without labels did converge, but more slowly (and more noisily) than SG(h, y).",
                "qualitative, Supp. Fig. 9 (a–d)",
                "converged = train loss settles below half the chance-level loss (MSE 0.125, log loss ln2/2); of the "
                        + full.runs().size() + " paired runs, SG(h) converges in a majority of those where SG(h, y)"
                        + " converges, and in every run where both converge it settles later",
                "SG(h, y) converged in " + fullConverged + " of " + full.runs().size() + " runs, SG(h) in " + paired
                        + " of those; later than SG(h, y) in " + later + " of " + paired,
                holds);
    }

    private static String markdown(ReproductionContext context, ImplicitLossSettings settings,
                                   List<ImplicitLossRuns> all, ImplicitLossFiles files, List<String> plots) {
        StringBuilder md = new StringBuilder();
        md.append("Figure 2's runs repeated with two weaker linear synthesizers: SG(h) = hA + C (unconditioned `sg`), "
                + "whose implied loss is ½hA_sym hᵀ + Chᵀ, and SG(y) = yB + C (`csg` with the label-only form, a "
                + "per-label gradient), whose implied loss is (yB + C)hᵀ. The SG(h, y) runs are Figure 2's. Same "
                + "settings as Figure 2:\n\n");
        md.append(settings.markdownTable(context.scale())).append('\n');
        md.append("\"Converged\" means the full-batch training loss settles (stays until the end) below half the loss "
                + "of the constant prediction (½, ½): a network that has learned at least half of what a constant "
                + "leaves. Per run:\n\n");
        MarkdownTable table = new MarkdownTable("run", "final loss SG(h, y) / SG(h) / SG(y)",
                "settled below threshold at step (SG(h, y) / SG(h) / SG(y))", "mean correlation (SG(h, y) / SG(h) / SG(y))");
        for (RunConfig config : ImplicitLossRuns.configs(SgVariant.FULL)) {
            List<String> losses = new ArrayList<>();
            List<String> settled = new ArrayList<>();
            List<String> correlations = new ArrayList<>();
            double threshold = convergenceThreshold(config.panel());
            for (ImplicitLossRuns runs : all) {
                RunRecord run = runs.get(config.panel(), config.layout());
                losses.add(String.format(Locale.ROOT, "%.4g", run.finalLoss()));
                int step = run.settledBelow(threshold);
                settled.add(step > 0 ? Integer.toString(step) : "—");
                correlations.add(format(CorrelationMeans.mean(List.of(run), k -> true, i -> true)));
            }
            table.add(config.panel().title() + ", " + config.layout().label(), String.join(" / ", losses),
                    String.join(" / ", settled), String.join(" / ", correlations));
        }
        md.append(table.text()).append('\n');
        ImplicitLossRuns labelOnly = all.get(2);
        long aboveChance = labelOnly.runs().stream()
                .filter(r -> !(r.finalLoss() < chanceLoss(r.config().panel()))).count();
        md.append("SG(y) ends above the chance-level loss in ").append(aboveChance).append(" of ")
                .append(labelOnly.runs().size()).append(" runs (a per-label constant gradient at every layer can push "
                        + "activations without bound); the claim counts runs, so those runs weigh no more than any other. "
                        + "The convergence threshold is a weak bar on noisy labels: a network that learns "
                        + "only the linear part already passes it, so \"converged\" there means \"learned the line\", "
                        + "not \"fitted the swapped labels\".\n\n");
        for (String plot : plots) {
            md.append("![").append(plot).append("](").append(plot).append(")\n");
        }
        md.append('\n');
        for (ImplicitLossRuns runs : all.subList(1, all.size())) {
            for (RunConfig config : ImplicitLossRuns.configs(runs.variant())) {
                md.append("![").append(config.title()).append("](").append(files.heatmapPath(config)).append(")\n");
            }
            md.append('\n');
        }
        md.append("The SG(h, y) images are in Figure 2's section. Numbers: `").append(NAME)
                .append("/correlations.csv` (all three variants), `").append(NAME).append("/grids.csv` (the ablations' "
                        + "images), `").append(NAME).append("/loss-curves.csv` (all three).\n");
        return md.toString();
    }
}
