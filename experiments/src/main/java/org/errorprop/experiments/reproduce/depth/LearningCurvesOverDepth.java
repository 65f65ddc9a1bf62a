package org.errorprop.experiments.reproduce.depth;

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
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.network.Activation;

/**
 * Figure 4 (§5): learning curves of backprop and of one linear, label-conditioned synthetic gradient in
 * the middle of the hidden stack ({@link MiddleBoundary}), for several depths of ReLU and sigmoid MNIST
 * networks. The paper's finding: the SG models converge well even with many layers above and below
 * the synthesizer, sometimes faster than backprop (20- and 50-layer ReLU). Tested with
 * {@link ConvergenceCheck}.
 */
public final class LearningCurvesOverDepth implements Experiment {
    private static final List<StudiedMethod> METHODS = List.of(StudiedMethod.BACKPROP, StudiedMethod.SINGLE_SG);

    @Override
    public String name() {
        return "fig4";
    }

    @Override
    public String title() {
        return "Figure 4: learning curves over depth, backprop vs a single synthetic gradient in the middle";
    }

    @Override
    public ExperimentReport run(ReproductionContext context) {
        Fig4Settings settings = Fig4Settings.forScale(context.scale());
        DataSplit data = context.digits();
        List<DepthRunSpec> specs = new ArrayList<>();
        for (Activation activation : settings.activations()) {
            for (int depth : settings.depths()) {
                DepthNetwork network = new DepthNetwork(depth, settings.width(), activation);
                for (StudiedMethod method : METHODS) {
                    specs.add(new DepthRunSpec(network, method, settings.learningRate(), 0.0, settings.batchSize(),
                            settings.epochs(), settings.lossWindow(), context.seed(), "fig4/" + network.label()));
                }
            }
        }
        List<DepthRunResult> results;
        try (Progress progress = context.progress("fig4: " + specs.size() + " runs", specs.size())) {
            results = DepthRuns.train(context.runs(), "fig4/runs", specs, data, settings.workers(), progress,
                    context.compute());
        }
        int testExamples = data.test().size();
        int classes = data.train().outputWidth();
        List<Comparison> comparisons = new ArrayList<>();
        for (int i = 0; i < results.size(); i += METHODS.size()) {
            comparisons.add(new Comparison(results.get(i), results.get(i + 1), testExamples, classes));
        }
        writeCurves(context, results);
        writeSummary(context, comparisons);
        for (Activation activation : settings.activations()) {
            plot(context, settings, activation, results);
        }
        List<Claim> claims = claims(settings, comparisons, classes);
        return new ExperimentReport(claims, markdown(context, settings, comparisons, classes, data.train().size()));
    }

    /** Backprop and single SG on one network, with the criteria's numbers. */
    record Comparison(DepthRunResult backprop, DepthRunResult synthetic, int testExamples, int classes) {
        DepthNetwork network() {
            return backprop.spec().network();
        }

        double margin() {
            return ConvergenceCheck.accuracyMargin(backprop.curve().finalTestAccuracy(), testExamples);
        }

        boolean convergesWell() {
            return ConvergenceCheck.convergesWell(synthetic.curve(), backprop.curve(), testExamples, classes);
        }

        int checkpoint() {
            return ConvergenceCheck.earlyCheckpoint(backprop.curve().steps());
        }

        boolean faster() {
            return ConvergenceCheck.fasterEarly(synthetic.curve(), backprop.curve());
        }

        String describe() {
            return String.format(Locale.ROOT, "%s: SG %.3f vs BP %.3f (margin %.3f), SG loss %.3f", network().label(),
                    synthetic.curve().finalTestAccuracy(), backprop.curve().finalTestAccuracy(), margin(),
                    synthetic.curve().finalTrainLoss());
        }
    }

    private static void writeCurves(ReproductionContext context, List<DepthRunResult> results) {
        CsvTable losses = new CsvTable("activation", "depth", "method", "step", "train_loss");
        CsvTable tests = new CsvTable("activation", "depth", "method", "epoch", "test_accuracy", "test_loss");
        for (DepthRunResult result : results) {
            DepthNetwork network = result.spec().network();
            String activation = activationName(network.activation());
            String method = result.spec().method().fileLabel();
            LearningCurve curve = result.curve();
            for (int i = 0; i < curve.windowEnd().length; i++) {
                losses.add(activation, network.depth(), method, curve.windowEnd()[i], curve.trainLoss()[i]);
            }
            for (int e = 0; e < curve.testAccuracy().length; e++) {
                tests.add(activation, network.depth(), method, e + 1, curve.testAccuracy()[e], curve.testLoss()[e]);
            }
        }
        losses.write(context.file("fig4/train_loss.csv"));
        tests.write(context.file("fig4/test_metrics.csv"));
    }

    private static void writeSummary(ReproductionContext context, List<Comparison> comparisons) {
        CsvTable summary = new CsvTable("activation", "depth", "sg_boundary", "backprop_test_accuracy",
                "sg_test_accuracy", "accuracy_margin", "backprop_final_train_loss", "sg_final_train_loss",
                "converges_well", "checkpoint_step", "backprop_loss_at_checkpoint", "sg_loss_at_checkpoint",
                "sg_faster");
        for (Comparison c : comparisons) {
            LearningCurve bp = c.backprop().curve();
            LearningCurve sg = c.synthetic().curve();
            summary.add(activationName(c.network().activation()), c.network().depth(),
                    MiddleBoundary.of(c.network().depth()), bp.finalTestAccuracy(), sg.finalTestAccuracy(), c.margin(),
                    bp.finalTrainLoss(), sg.finalTrainLoss(), c.convergesWell(), c.checkpoint(),
                    bp.trainLossAt(c.checkpoint()), sg.trainLossAt(c.checkpoint()), c.faster());
        }
        summary.write(context.file("fig4/summary.csv"));
    }

    private static void plot(ReproductionContext context, Fig4Settings settings, Activation activation,
                             List<DepthRunResult> results) {
        Map<String, List<Series>> losses = new LinkedHashMap<>();
        Map<String, List<Series>> accuracies = new LinkedHashMap<>();
        for (DepthRunResult result : results) {
            DepthNetwork network = result.spec().network();
            if (network.activation() != activation) {
                continue;
            }
            String group = network.depth() + " layers";
            String name = result.spec().method().label();
            LearningCurve curve = result.curve();
            double[] steps = new double[curve.windowEnd().length];
            for (int i = 0; i < steps.length; i++) {
                steps[i] = curve.windowEnd()[i];
            }
            losses.computeIfAbsent(group, g -> new ArrayList<>()).add(new Series(name, steps, curve.trainLoss()));
            double[] epochs = new double[curve.testAccuracy().length];
            for (int e = 0; e < epochs.length; e++) {
                epochs[e] = e + 1;
            }
            accuracies.computeIfAbsent(group, g -> new ArrayList<>()).add(new Series(name, epochs,
                    curve.testAccuracy()));
        }
        String act = activationName(activation);
        LinePlot.of("Figure 4 (" + act + "): training loss per depth", "training step",
                        "training loss (mean over " + settings.lossWindow() + " steps)")
                .withLogY().writePanelsPng(context.file("fig4/train_loss_" + act + ".png"), losses);
        LinePlot.of("Figure 4 (" + act + "): test accuracy per depth", "epoch",
                "test accuracy").writePanelsPng(context.file("fig4/test_accuracy_" + act + ".png"), accuracies);
    }

    private static List<Claim> claims(Fig4Settings settings, List<Comparison> comparisons, int classes) {
        List<Claim> claims = new ArrayList<>();
        String criterion = String.format(Locale.ROOT, "per depth: SG final test accuracy >= backprop's - 3 standard"
                + " errors of the difference (3 sqrt(2p(1-p)/n_test)) and SG final training loss <= ln(%d)/4 = %.3f",
                classes, ConvergenceCheck.lossCeiling(classes));
        for (Activation activation : settings.activations()) {
            List<Comparison> mine = comparisons.stream().filter(c -> c.network().activation() == activation).toList();
            boolean holds = mine.stream().allMatch(Comparison::convergesWell);
            String ours = String.join("; ", mine.stream().map(Comparison::describe).toList());
            claims.add(new Claim("With a single SG in the middle, " + activationName(activation)
                    + " networks of every depth converge well", "qualitative, Figure 4", criterion, ours, holds));
        }
        List<String> faster = comparisons.stream().filter(Comparison::faster).map(c -> c.network().label()).toList();
        claims.add(new Claim("The SG models sometimes converge faster than backprop (e.g. 20- and 50-layer ReLU)",
                "qualitative, Figure 4", "in at least one configuration the SG's training loss is below backprop's at"
                + " the end of the first quarter of training",
                faster.size() + " of " + comparisons.size() + " faster"
                        + (faster.isEmpty() ? "" : ": " + String.join(", ", faster)), !faster.isEmpty()));
        return claims;
    }

    private static String markdown(ReproductionContext context, Fig4Settings settings, List<Comparison> comparisons,
                                   int classes, int trainExamples) {
        StringBuilder out = new StringBuilder();
        out.append("The paper trains MNIST networks of 3 to 50 hidden layers (512 units, BatchNorm, ReLU or sigmoid)"
                + " with backprop and with one linear label-conditioned synthetic gradient \"in the middle of the"
                + " hidden stack\" and finds that the SG models converge well, sometimes faster than backprop."
                + " Data: ").append(context.dataDescription()).append(".\n\n");
        out.append(settingsTable(context.scale())).append('\n');
        Fig4Settings quick = Fig4Settings.forScale(Scale.QUICK);
        Fig4Settings full = Fig4Settings.forScale(Scale.FULL);
        out.append(String.format(Locale.ROOT, "Settings the paper does not state: the batch size (64, a common choice"
                + " for MNIST, the same at QUICK and FULL); the number of steps (FULL: %d epochs, %d steps on this"
                + " data; QUICK: %d epochs, %d steps, what the time budget allows); the SG position for depths other"
                + " than 20, boundary floor(h/2)+1, which is the paper's boundary 11 for 20 layers. QUICK departs from"
                + " the paper in width (%d instead of 512), depths (%s; no 50) and learning rate (%s instead of 3e-5)"
                + " so that the %d runs fit in about 3.5 minutes on 2 cores: at 3e-5 a network barely leaves chance"
                + " level in a few thousand steps. Each pair of runs (backprop, SG) of one configuration starts from"
                + " the same weights and sees the same batches.%n%n", full.epochs(),
                full.epochs() * stepsPerEpoch(trainExamples, full.batchSize()), quick.epochs(),
                quick.epochs() * stepsPerEpoch(trainExamples, quick.batchSize()), quick.width(), quick.depths(),
                sci(quick.learningRate()), 2 * quick.depths().size() * quick.activations().size()));
        for (Activation activation : settings.activations()) {
            String act = activationName(activation);
            out.append("![training loss, ").append(act).append("](fig4/train_loss_").append(act).append(".png)\n");
            out.append("![test accuracy, ").append(act).append("](fig4/test_accuracy_").append(act)
                    .append(".png)\n\n");
        }
        MarkdownTable table = new MarkdownTable("network", "SG boundary", "backprop test acc.", "SG test acc.",
                "margin", "SG final train loss", "converges well", "loss at checkpoint (BP / SG)", "SG faster");
        for (Comparison c : comparisons) {
            LearningCurve bp = c.backprop().curve();
            LearningCurve sg = c.synthetic().curve();
            table.add(c.network().label(), Integer.toString(MiddleBoundary.of(c.network().depth())),
                    fmt(bp.finalTestAccuracy()), fmt(sg.finalTestAccuracy()), fmt(c.margin()),
                    fmt(sg.finalTrainLoss()), c.convergesWell() ? "yes" : "no",
                    "step " + c.checkpoint() + ": " + fmt(bp.trainLossAt(c.checkpoint())) + " / "
                            + fmt(sg.trainLossAt(c.checkpoint())), c.faster() ? "yes" : "no");
        }
        out.append(table.text()).append('\n');
        out.append(String.format(Locale.ROOT, "Criteria. \"Converges well\": the SG's final test accuracy is within"
                + " 3 standard errors of the accuracy difference of two runs on the %d test examples"
                + " (3 sqrt(2p(1-p)/n), p backprop's accuracy) of backprop's, and its final training loss (mean of the"
                + " last %d steps) is at most a quarter of the chance-level loss ln %d; the paper gives no numbers,"
                + " so the margin is the test set's own sampling noise. \"Faster\": the SG's windowed training loss at"
                + " the end of the first quarter of training is below backprop's. One seed (%d); the paper does not"
                + " say how many it used.\n", comparisons.get(0).testExamples(), settings.lossWindow(), classes,
                context.seed()));
        List<Comparison> failed = comparisons.stream().filter(c -> !c.convergesWell()).toList();
        if (!failed.isEmpty()) {
            out.append("\nAt this scale the SG model does not converge well for ")
                    .append(String.join(", ", failed.stream().map(c -> c.network().label()).toList()))
                    .append(": the finding does not hold there as measured.\n");
        }
        if (comparisons.stream().noneMatch(Comparison::faster)) {
            out.append("\nAt this scale no SG model is ahead of backprop at the early checkpoint.\n");
        }
        return out.toString();
    }

    private static String settingsTable(Scale current) {
        Fig4Settings smoke = Fig4Settings.forScale(Scale.SMOKE);
        Fig4Settings quick = Fig4Settings.forScale(Scale.QUICK);
        Fig4Settings full = Fig4Settings.forScale(Scale.FULL);
        MarkdownTable table = new MarkdownTable("setting", "paper", "SMOKE", "QUICK", "FULL");
        table.add("depths (hidden layers)", "3 to 50", smoke.depths().toString(), quick.depths().toString(),
                full.depths().toString());
        table.add("width", "512", Integer.toString(smoke.width()), Integer.toString(quick.width()),
                Integer.toString(full.width()));
        table.add("activations", "ReLU, sigmoid", "ReLU, sigmoid", "ReLU, sigmoid", "ReLU, sigmoid");
        table.add("BatchNorm", "after every hidden layer", "yes", "yes", "yes");
        table.add("SG", "linear, zero-init., label-conditioned, middle (boundary 11 of 20)",
                "boundary floor(h/2)+1", "boundary floor(h/2)+1", "boundary floor(h/2)+1");
        table.add("optimiser (network and SG)", "Adam 3e-5", "Adam " + sci(smoke.learningRate()),
                "Adam " + sci(quick.learningRate()), "Adam " + sci(full.learningRate()));
        table.add("batch size", "not stated", Integer.toString(smoke.batchSize()), Integer.toString(quick.batchSize()),
                Integer.toString(full.batchSize()));
        table.add("epochs", "not stated", Integer.toString(smoke.epochs()), Integer.toString(quick.epochs()),
                Integer.toString(full.epochs()));
        table.add("loss curve window (steps)", "-", Integer.toString(smoke.lossWindow()),
                Integer.toString(quick.lossWindow()), Integer.toString(full.lossWindow()));
        table.add("input preprocessing", "[0,1], nothing else", "[0,1]", "[0,1]", "[0,1]");
        return "This run: " + current.label().toUpperCase(Locale.ROOT) + ".\n\n" + table.text();
    }

    private static int stepsPerEpoch(int examples, int batchSize) {
        return (examples + batchSize - 1) / batchSize;
    }

    static String activationName(Activation activation) {
        return activation.name().toLowerCase(Locale.ROOT);
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String sci(double value) {
        return String.format(Locale.ROOT, "%.0e", value);
    }
}
