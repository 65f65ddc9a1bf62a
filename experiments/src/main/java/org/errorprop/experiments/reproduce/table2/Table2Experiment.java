package org.errorprop.experiments.reproduce.table2;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.errorprop.experiments.report.CsvTable;
import org.errorprop.experiments.report.LinePlot;
import org.errorprop.experiments.report.MarkdownTable;
import org.errorprop.experiments.report.Series;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.Experiment;
import org.errorprop.experiments.reproduce.ExperimentReport;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.experiments.reproduce.ReproductionContext;
import org.errorprop.experiments.reproduce.Scale;
import org.errorprop.framework.data.ArtificialKind;
import org.errorprop.framework.random.RandomStreams;

/**
 * Table 2 (PAPER.md §4.1): linear and logistic regression, and their 10-hidden-layer deep linear versions,
 * trained through a linear, label-conditioned, zero-initialised synthetic gradient on artificial data, and
 * their final loss compared with the global optimum. Writes {@code table2/table2.csv} (one row per cell),
 * {@code table2/datasets.csv} (one row per data set), {@code table2/curves.csv} and the gap-over-training plots.
 */
public final class Table2Experiment implements Experiment {
    static final String DIRECTORY = "table2/";

    @Override
    public String name() {
        return "table2";
    }

    /** It makes its own data. */
    @Override
    public boolean readsData() {
        return false;
    }

    @Override
    public String title() {
        return "Table 2: SG-trained linear models versus the global optimum on artificial data";
    }

    @Override
    public ExperimentReport run(ReproductionContext context) {
        Table2Settings settings = Table2Settings.of(context.scale());
        List<Table2Cell> cells = Table2Cell.paperTable();
        List<DataSetOutcome> outcomes;
        try (Progress progress = context.progress("table2", (long) cells.size() * settings.dataSets())) {
            outcomes = Table2Runs.run(context.runs(), cells, settings, new RandomStreams(context.seed()), progress,
                    context.compute());
        }
        List<CellSummary> summaries = new ArrayList<>();
        for (Table2Cell cell : cells) {
            summaries.add(CellSummary.of(cell, outcomes.stream().filter(o -> o.cell().equals(cell)).toList()));
        }
        writeTable(context, summaries);
        writeDataSets(context, outcomes);
        writeCurves(context, summaries);
        List<String> plots = writePlots(context, summaries);
        plots.add(writeGapOverBudget(context, summaries));
        List<Claim> claims = Table2Claims.claims(summaries);
        return new ExperimentReport(claims, markdown(context.scale(), settings, summaries, claims, plots)
                + divergenceNote(outcomes));
    }

    /**
     * Names the SG runs that ended above the chance-level loss (ln 2 for log loss, 1/4 for MSE on two one-hot
     * outputs: the losses of predicting ½ for both classes) and above twice backprop's, since one such run
     * dominates its cell's mean: the reader should see that it is one data set, not the whole cell.
     */
    static String divergenceNote(List<DataSetOutcome> outcomes) {
        List<String> diverged = new ArrayList<>();
        for (DataSetOutcome o : outcomes) {
            double chance = o.cell().loss() == OutputLoss.MSE ? 0.25 : Math.log(2);
            double sg = o.synthetic().finalLoss();
            if (!(sg <= chance) && !(sg <= 2 * o.backprop().finalLoss())) {
                diverged.add(o.cell().key() + " data set " + o.index() + String.format(Locale.ROOT,
                        " (SG %.3g, backprop %.3g)", o.synthetic().finalLoss(), o.backprop().finalLoss()));
            }
        }
        if (diverged.isEmpty()) {
            return "";
        }
        return "\n**SG runs that ended above the chance-level loss and twice backprop's** (each dominates its"
                + " cell's mean): " + String.join("; ", diverged) + ". A linear SG implies the quadratic loss"
                + " ½pAp + (yB + C)p, which has no minimum when A is not positive definite; on nearly separable data"
                + " the deep model can follow it away. Measured on the first quick run's two such runs (3e-3 x"
                + " 20,000 steps, noisy2 data sets 2 and 7): both reached backprop's loss within 1,000 steps; then,"
                + " with the model standing still, Adam kept moving the synthesizer's A by about its rate per step,"
                + " the smallest eigenvalue of its symmetric part fell from -0.03 to -0.5, and within 1,000 steps the"
                + " output's norm grew from 1.7 to over 6,000. The drift grows with rate x steps, which every scale"
                + " now holds at 6 on the 2-D sets.\n";
    }

    private static void writeTable(ReproductionContext context, List<CellSummary> summaries) {
        CsvTable table = new CsvTable("dataset", "model", "loss", "difference", "sd", "backprop_gap", "datasets",
                "paper", "sg_relative_error");
        for (CellSummary s : summaries) {
            table.add(s.cell().datasetLabel(), s.cell().depth().label(), s.cell().loss().label(),
                    s.meanDifference(), s.sdDifference(), s.meanBackpropGap(), s.dataSets(), s.cell().paper(),
                    s.meanSynthesizerError());
        }
        table.write(context.file(DIRECTORY + "table2.csv"));
    }

    private static void writeDataSets(ReproductionContext context, List<DataSetOutcome> outcomes) {
        CsvTable table = new CsvTable("dataset", "model", "loss", "index", "optimum", "reference",
                "backprop_final", "sg_final", "difference", "backprop_gap", "sg_relative_error");
        for (DataSetOutcome o : outcomes) {
            table.add(o.cell().datasetLabel(), o.cell().depth().label(), o.cell().loss().label(), o.index(),
                    o.optimum(), o.reference(), o.backprop().finalLoss(), o.synthetic().finalLoss(), o.difference(),
                    o.backpropGap(), o.synthetic().synthesizerError());
        }
        table.write(context.file(DIRECTORY + "datasets.csv"));
    }

    private static void writeCurves(ReproductionContext context, List<CellSummary> summaries) {
        CsvTable table = new CsvTable("dataset", "model", "loss", "step", "sg_minus_reference",
                "backprop_minus_reference");
        for (CellSummary s : summaries) {
            for (int i = 0; i < s.steps().length; i++) {
                table.add(s.cell().datasetLabel(), s.cell().depth().label(), s.cell().loss().label(),
                        (long) s.steps()[i], s.meanSyntheticGap()[i], s.meanBackpropCurveGap()[i]);
            }
        }
        table.write(context.file(DIRECTORY + "curves.csv"));
    }

    /** One plot per loss and depth; returns the relative paths of the PNGs written. */
    private static List<String> writePlots(ReproductionContext context, List<CellSummary> summaries) {
        List<String> written = new ArrayList<>();
        for (OutputLoss loss : OutputLoss.values()) {
            for (ModelDepth depth : ModelDepth.values()) {
                List<Series> series = new ArrayList<>();
                for (CellSummary s : summaries) {
                    if (s.cell().loss() != loss || s.cell().depth() != depth) {
                        continue;
                    }
                    String group = s.cell().datasetLabel();
                    series.add(new Series(group + " SG", group, s.steps(), s.meanSyntheticGap()));
                    series.add(new Series(group + " backprop", group, s.steps(), s.meanBackpropCurveGap()));
                }
                String reference = loss == OutputLoss.MSE ? "exact least-squares optimum"
                        : "backprop's final loss";
                String relative = DIRECTORY + "gap-" + loss.label() + "-" + depth.label() + ".png";
                LinePlot.of(depth.label() + " " + loss.label() + ": loss minus " + reference
                                + " (mean over data sets; non-positive values not drawn)",
                        "training step", "loss - reference (log)")
                        .withLogY()
                        .writePng(context.file(relative), series);
                written.add(relative);
            }
        }
        return written;
    }

    /**
     * The shallow log-loss cells' mean SG-minus-backprop loss at every recorded step (with a constant rate, the
     * Table 2 entry of a budget of that many steps), each beside the paper's value as a flat line.
     */
    private static String writeGapOverBudget(ReproductionContext context, List<CellSummary> summaries) {
        Map<String, List<Series>> panels = new LinkedHashMap<>();
        for (int k : new int[] {2, 100}) {
            List<Series> series = new ArrayList<>();
            for (CellSummary s : summaries) {
                if (s.cell().loss() != OutputLoss.LOG_LOSS || s.cell().depth() != ModelDepth.SHALLOW
                        || s.cell().kind() == ArtificialKind.RANDOM || s.cell().dimension() != k) {
                    continue;
                }
                double[] gap = new double[s.steps().length];
                for (int i = 0; i < gap.length; i++) {
                    gap[i] = s.meanSyntheticGap()[i] - s.meanBackpropCurveGap()[i];
                }
                String kind = s.cell().kind().label() + "_k";
                double last = s.steps()[s.steps().length - 1];
                series.add(new Series(kind + ": SG - backprop", kind, s.steps(), gap));
                series.add(new Series(kind + ": paper", kind, new double[] {0, last},
                        new double[] {s.cell().paper(), s.cell().paper()}));
            }
            panels.put("k = " + k, series);
        }
        String relative = DIRECTORY + "gap-over-budget-log-loss-shallow.png";
        LinePlot.of("shallow log loss: SG loss - backprop loss after t steps (mean over data sets)",
                        "training step t", "SG - backprop loss")
                .writePanelsPng(context.file(relative), panels);
        return relative;
    }

    private static String markdown(Scale scale, Table2Settings settings, List<CellSummary> summaries,
                                   List<Claim> claims, List<String> plots) {
        StringBuilder md = new StringBuilder();
        md.append("Each model is trained full batch twice from the same start, once with backprop and once through"
                + " a linear, label-conditioned, zero-initialised synthetic gradient placed at the model's output"
                + " (Theorem 1's setting): the SG predicts dL/dp from the output p and the one-hot label y as"
                + " pA + yB + C, is fitted to the true dL/dp by one Adam step per training step, and the model is"
                + " updated with its prediction. **difference** = SG final loss minus the global optimum, mean over"
                + " the data sets. For MSE the optimum is computed exactly (least squares with intercept, Householder"
                + " QR; the deep linear model represents the same affine maps). For log loss on separable data the"
                + " loss has no attained minimum (its infimum 0 is approached only as the weights grow without"
                + " bound), so, as for every log-loss cell, the reference is backprop's final loss under the same"
                + " budget. Run at scale `").append(scale.label()).append("`.\n\n");
        md.append(settingsTable(settings)).append('\n');
        md.append(resultsTable(summaries)).append('\n');
        md.append("MSE backprop gap = backprop's own final loss minus the exact optimum. SG error = the"
                + " synthesizer's final relative error ‖ĝ − g‖/‖g‖ (log loss): where it stays large the linear SG"
                + " cannot represent σ(p) − y, the mechanism behind the separable-data gap.\n\n");
        md.append("\"Converged to a different solution\" (linear2, linear100, bold in the paper) is tested against the"
                + " cell's own spread over its data sets, against the random cells, and against the budget: the gap"
                + " must not close between half the steps and the end. On separable data the log loss has no minimum,"
                + " so the size of the gap depends on the budget, which the paper does not state; the gap-over-budget"
                + " plot shows it (over the constant-rate first half, the difference at step t is the Table 2 entry a"
                + " t-step run would give), beside the paper's value.\n\n");
        for (String plot : plots) {
            md.append("![").append(plot).append("](").append(plot).append(")\n\n");
        }
        for (Claim claim : claims) {
            if (!claim.holds()) {
                md.append("**Not reproduced at this scale:** ").append(claim.finding()).append(" — ours ")
                        .append(claim.ours()).append(", criterion ").append(claim.criterion()).append(".");
                if (claim.finding().contains("separable") || claim.finding().contains("flipped")) {
                    md.append(" On separable data the log loss has no minimum, so this gap depends on the budget:"
                            + " Adam moves every weight by at most about its learning rate per step, under backprop"
                            + " and under the SG alike, and the linear SG stalls (its relative error in the last"
                            + " column grows towards 1) only once the model is confident; before that the SG run's"
                            + " loss can be the lower one. A longer budget should show the paper's"
                            + " ordering.");
                }
                md.append("\n\n");
            }
        }
        return md.toString();
    }

    private static String settingsTable(Table2Settings current) {
        Table2Settings smoke = Table2Settings.of(Scale.SMOKE);
        Table2Settings quick = Table2Settings.of(Scale.QUICK);
        Table2Settings full = Table2Settings.of(Scale.FULL);
        MarkdownTable table = new MarkdownTable("setting", "smoke", "quick", "full", "paper", "why");
        table.add("data sets per cell", "" + smoke.dataSets(), "" + quick.dataSets(), "" + full.dataSets(), "10",
                "the paper's number; smoke only checks that the code runs");
        table.add("full-batch training steps, 100-D sets", "" + smoke.steps(), "" + quick.steps(), "" + full.steps(),
                "not stated", "full batch because the sets are tiny (100 or 1000 points) and the theory"
                        + " (Theorem 1) is about the full-batch loss; full has 10x quick's steps at a tenth of the"
                        + " rate: a 100-D step costs about 8x a 2-D one, and 200,000 of them would not fit full's"
                        + " 30-minute budget");
        table.add("full-batch training steps, 2-D sets", "" + smoke.lowDimensionSteps(),
                "" + quick.lowDimensionSteps(), "" + full.lowDimensionSteps(), "not stated",
                "the paper's rate needs many steps, and 2-D steps are cheap; on separable data backprop's loss"
                        + " keeps falling with the budget (its infimum is at infinite weights), so the gap depends on it:"
                        + " see the gap-over-budget plot");
        table.add("Adam learning rate on the 2-D sets", fmt(smoke.lowDimensionLearningRate()),
                fmt(quick.lowDimensionLearningRate()), fmt(full.lowDimensionLearningRate()), "3e-5",
                "rate x steps (how far Adam can move a weight) = 6 at every scale, the paper's 3e-5 over full's"
                        + " 200,000 steps (quick: 10x the rate, a tenth of the steps); a larger product let the deep SG"
                        + " runs diverge (quick at 3e-3 x 20,000: 2 of 10 noisy2 data sets; see below)");
        table.add("Adam learning rate on the 100-D sets (model and SG)", fmt(smoke.learningRate()),
                fmt(quick.learningRate()), fmt(full.learningRate()), "3e-5",
                "paper-like at full (the paper's 3e-5 over enough steps does not fit the budget); rate x steps = 30:"
                        + " at 6 the deep MSE runs had not reached the optimum (random100: 3.5e-3 after 2e-3 x 3,000), and"
                        + " no 100-D run diverged at 30");
        table.add("learning-rate annealing", pct(smoke.annealedFraction()), pct(quick.annealedFraction()),
                pct(full.annealedFraction()), "none stated (constant)",
                "departs: at a constant 1e-2 the deep 100-D MSE runs jittered (noisy100 deep 4.2e-3 from backprop);"
                        + " the first half stays constant, so there the loss at step t is that of a t-step budget");
        table.add("Adam betas, epsilon", "0.9, 0.999, 1e-8", "same", "same", "not stated", "the usual defaults");
        table.add("deep model hidden width", "" + smoke.hiddenWidth(), "" + quick.hiddenWidth(),
                "" + full.hiddenWidth(), "not stated",
                "any width >= 2 (the number of outputs) lets the chain represent every affine map, so the optimum is"
                        + " the shallow one; 8 keeps the chain narrow and cheap");
        table.add("initialisation", "shallow 0; deep semi-orthogonal", "same", "same", "not stated",
                "zero is the convex problem's usual start; deep linear chains need a well-conditioned start"
                        + " (Saxe et al. 2014) and both methods start from the same weights");
        table.add("SG", "linear pA + yB + C at the output, zero-initialised", "same", "same",
                "linear, zero-initialised, label-conditioned", "Theorem 1's placement: the output is these models'"
                        + " only interface");
        table.add("loss recorded", current.curvePoints() + " times per run (this run)", "", "", "", "for the plots");
        return table.text();
    }

    private static String resultsTable(List<CellSummary> summaries) {
        MarkdownTable table = new MarkdownTable("dataset", "model", "MSE ours (± sd)", "MSE paper",
                "MSE backprop gap", "log loss ours (± sd)", "log loss paper", "SG error (log loss)");
        for (int i = 0; i + 1 < summaries.size(); i += 2) {
            CellSummary mse = summaries.get(i);
            CellSummary log = summaries.get(i + 1);
            table.add(mse.cell().datasetLabel(), mse.cell().depth().label(),
                    Table2Claims.number(mse.meanDifference()) + " ± " + Table2Claims.number(mse.sdDifference()),
                    String.format(Locale.ROOT, "%.5f", mse.cell().paper()),
                    Table2Claims.number(mse.meanBackpropGap()),
                    Table2Claims.number(log.meanDifference()) + " ± " + Table2Claims.number(log.sdDifference()),
                    String.format(Locale.ROOT, "%.5f", log.cell().paper()),
                    String.format(Locale.ROOT, "%.3f", log.meanSynthesizerError()));
        }
        return table.text();
    }

    private static String pct(double fraction) {
        return fraction == 0 ? "constant" : String.format(Locale.ROOT, "linear to 0 over the last %.0f%%",
                100 * fraction);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.0e", value);
    }
}
