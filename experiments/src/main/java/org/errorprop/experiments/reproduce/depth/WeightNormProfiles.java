package org.errorprop.experiments.reproduce.depth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
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
 * Figure 5 (§5): the normalised squared norm of each hidden layer's linear map after training with a
 * small L2 penalty, for backprop, one synthetic gradient in the middle ({@link MiddleBoundary}) and a
 * synthetic gradient at every boundary (SG*). The paper: backprop's norms increase slowly towards the
 * output; SG*'s start high and decrease, with more variance; the single SG's look like backprop's
 * above the synthesizer and chaotic, like SG*'s, below it.
 *
 * <p>Normalisation: each squared Frobenius norm divided by the mean over the network's hidden layers,
 * so every profile has mean 1 and only its shape is compared (the paper's normalisation is not stated).
 */
public final class WeightNormProfiles implements Experiment {
    /** A mean relative change of the squared norms below this (10%) leaves the profile close to its initialisation. */
    private static final double SMALL_CHANGE = 0.1;
    /** The order of plots and tables. */
    private static final List<StudiedMethod> METHODS =
            List.of(StudiedMethod.BACKPROP, StudiedMethod.SINGLE_SG, StudiedMethod.SG_EVERYWHERE);
    /** The order of training: the slowest run (SG everywhere) first, so that two workers finish together. */
    private static final List<StudiedMethod> TRAINING_ORDER =
            List.of(StudiedMethod.SG_EVERYWHERE, StudiedMethod.BACKPROP, StudiedMethod.SINGLE_SG);

    @Override
    public String name() {
        return "fig5";
    }

    @Override
    public String title() {
        return "Figure 5: normalised squared weight norms per layer for backprop, a single SG and SG everywhere";
    }

    @Override
    public ExperimentReport run(ReproductionContext context) {
        Fig5Settings settings = Fig5Settings.forScale(context.scale());
        DataSplit data = context.digits();
        DepthNetwork network = new DepthNetwork(settings.depth(), settings.width(), Activation.RELU);
        int lossWindow = Math.max(1, (data.train().size() / settings.batchSize()) / 4);
        List<DepthRunSpec> specs = new ArrayList<>();
        for (StudiedMethod method : TRAINING_ORDER) {
            specs.add(new DepthRunSpec(network, method, settings.learningRate(method), settings.l2(),
                    settings.batchSize(), settings.epochs(), lossWindow, context.seed(), "fig5/" + network.label()));
        }
        Map<StudiedMethod, DepthRunResult> results = new EnumMap<>(StudiedMethod.class);
        try (Progress progress = context.progress("fig5: " + specs.size() + " runs", specs.size())) {
            for (DepthRunResult result : DepthRuns.train(specs, data, settings.workers(), progress, context.compute())) {
                results.put(result.spec().method(), result);
            }
        }
        Profiles profiles = new Profiles(normalised(results, StudiedMethod.BACKPROP),
                normalised(results, StudiedMethod.SINGLE_SG), normalised(results, StudiedMethod.SG_EVERYWHERE),
                MiddleBoundary.of(settings.depth()));
        writeCsv(context, results, profiles);
        plot(context, profiles);
        return new ExperimentReport(profiles.claims(), markdown(context, settings, results, profiles));
    }

    private static double[] normalised(Map<StudiedMethod, DepthRunResult> results, StudiedMethod method) {
        return ProfileStatistics.normaliseByMean(results.get(method).squaredWeightNorms());
    }

    /**
     * The three normalised profiles (index {@code i} is hidden layer {@code i + 1}) and the claims'
     * numbers computed from them.
     */
    record Profiles(double[] backprop, double[] single, double[] everywhere, int boundary) {

        double[] of(StudiedMethod method) {
            return switch (method) {
                case BACKPROP -> backprop;
                case SINGLE_SG -> single;
                case SG_EVERYWHERE -> everywhere;
                case DFA -> throw new IllegalArgumentException("Figure 5 does not study DFA");
            };
        }

        /** Layers {@code boundary + 1 .. h}: above the single synthesizer. */
        static double[] above(double[] profile, int boundary) {
            return Arrays.copyOfRange(profile, boundary, profile.length);
        }

        /** Layers {@code 1 .. boundary}: below the single synthesizer (the layers it trains). */
        static double[] below(double[] profile, int boundary) {
            return Arrays.copyOfRange(profile, 0, boundary);
        }

        List<Claim> claims() {
            List<Claim> claims = new ArrayList<>();
            double bpTrend = ProfileStatistics.trend(backprop);
            claims.add(new Claim("Backprop: norms increase slowly towards the output", "qualitative, Figure 5",
                    "Spearman correlation of normalised norm with layer index > 0", "rho = " + fmt(bpTrend),
                    bpTrend > 0));
            double sgTrend = ProfileStatistics.trend(everywhere);
            double sgSpread = ProfileStatistics.standardDeviation(everywhere);
            double bpSpread = ProfileStatistics.standardDeviation(backprop);
            claims.add(new Claim("SG at every layer: norms start high and decrease towards the output, with more"
                    + " variance", "qualitative, Figure 5", "Spearman correlation with layer index < 0 and standard"
                    + " deviation of the normalised profile larger than backprop's",
                    "rho = " + fmt(sgTrend) + ", sd = " + fmt(sgSpread) + " vs backprop's " + fmt(bpSpread),
                    sgTrend < 0 && sgSpread > bpSpread));
            double aboveAgreement = ProfileStatistics.spearman(above(single, boundary), above(backprop, boundary));
            claims.add(new Claim("Single SG: after the SG the profile looks like backprop's", "qualitative, Figure 5",
                    "Spearman correlation between single SG's and backprop's norms over layers " + (boundary + 1)
                            + ".." + backprop.length + " > 0",
                    "rho = " + fmt(aboveAgreement), aboveAgreement > 0));
            double belowWithEverywhere =
                    ProfileStatistics.spearman(below(single, boundary), below(everywhere, boundary));
            double belowWithBackprop = ProfileStatistics.spearman(below(single, boundary), below(backprop, boundary));
            claims.add(new Claim("Single SG: before the SG the profile is chaotic, like SG*'s",
                    "qualitative, Figure 5", "over layers 1.." + boundary + ", Spearman correlation of single SG's"
                            + " norms with SG*'s > with backprop's",
                    "rho with SG* = " + fmt(belowWithEverywhere) + ", with backprop = " + fmt(belowWithBackprop),
                    belowWithEverywhere > belowWithBackprop));
            return claims;
        }
    }

    private static void writeCsv(ReproductionContext context, Map<StudiedMethod, DepthRunResult> results,
                                 Profiles profiles) {
        CsvTable table = new CsvTable("method", "layer", "initial_squared_norm", "squared_norm",
                "normalised_squared_norm");
        for (int m = 0; m < METHODS.size(); m++) {
            StudiedMethod method = METHODS.get(m);
            List<Double> raw = results.get(METHODS.get(m)).squaredWeightNorms();
            List<Double> initial = results.get(METHODS.get(m)).initialSquaredWeightNorms();
            double[] normalised = profiles.of(method);
            for (int k = 0; k < raw.size(); k++) {
                table.add(method.fileLabel(), k + 1, initial.get(k), raw.get(k), normalised[k]);
            }
        }
        table.write(context.file("fig5/weight_norms.csv"));
        CsvTable accuracy = new CsvTable("method", "final_test_accuracy", "final_train_loss",
                "mean_relative_norm_change");
        for (int m = 0; m < METHODS.size(); m++) {
            LearningCurve curve = results.get(METHODS.get(m)).curve();
            accuracy.add(METHODS.get(m).fileLabel(), curve.finalTestAccuracy(), curve.finalTrainLoss(),
                    results.get(METHODS.get(m)).meanRelativeNormChange());
        }
        accuracy.write(context.file("fig5/final_metrics.csv"));
    }

    private static void plot(ReproductionContext context, Profiles profiles) {
        List<Series> series = new ArrayList<>();
        for (StudiedMethod method : METHODS) {
            double[] profile = profiles.of(method);
            double[] layers = new double[profile.length];
            for (int k = 0; k < layers.length; k++) {
                layers[k] = k + 1;
            }
            series.add(new Series(method.label(), layers, profile));
        }
        LinePlot.of("Figure 5: normalised squared weight norms (dotted: single SG's position)", "hidden layer",
                        "squared norm / mean over layers")
                .withMarkers(List.of(profiles.boundary() + 0.5))
                .writePng(context.file("fig5/weight_norms.png"), series);
    }

    private static String markdown(ReproductionContext context, Fig5Settings settings,
                                   Map<StudiedMethod, DepthRunResult> results,
                                   Profiles profiles) {
        StringBuilder out = new StringBuilder();
        out.append("The paper trains 20-hidden-layer ReLU MNIST networks with a small L2 weight penalty and plots the"
                + " normalised squared norm of every hidden layer's linear map (its footnote 4: with the penalty, the"
                + " norm tracks how much a layer computes). Data: ").append(context.dataDescription()).append(".\n\n");
        out.append(settingsTable(context.scale())).append('\n');
        out.append("Settings the paper does not state: the L2 coefficient (1e-4, chosen before any run as \"small\""
                + " next to the loss gradients, so that it shapes rather than dominates the norms; larger penalties,"
                + " 1e-3 and 1e-2, were tried once during development at QUICK scale and made backprop's profile fall"
                + " towards the output, and were not adopted); the normalisation (each layer's squared"
                + " Frobenius norm divided by the mean over the hidden layers; all hidden layers start with the same"
                + " expected squared norm width/3 under the fan-in initialisation, so the profile is flat at the"
                + " start); batch size 64 and the number of epochs (FULL " + Fig5Settings.forScale(Scale.FULL).epochs()
                + ", QUICK " + Fig5Settings.forScale(Scale.QUICK).epochs() + "). QUICK departs from the paper in"
                + " width ("
                + Fig5Settings.forScale(Scale.QUICK).width() + " instead of 512) and learning rate ("
                + sci(Fig5Settings.forScale(Scale.QUICK).learningRate()) + " instead of 3e-5) to fit in about 1.5"
                + " minutes; SG everywhere trains at "
                + sci(Fig5Settings.forScale(Scale.QUICK).sgEverywhereLearningRate()) + ": at the others' rate its"
                + " network outruns its lower synthesizers and barely trains (paper-notes/decisions/ADR-0011)."
                + " The single SG sits at boundary ").append(profiles.boundary()).append(" (between layers ")
                .append(profiles.boundary()).append(" and ").append(profiles.boundary() + 1)
                .append("), SG everywhere (the paper's SG*) has a synthesizer at every boundary. Every network"
                        + " has BatchNorm after each hidden linear map, as the paper's MNIST networks; a layer"
                        + " followed by BatchNorm computes the same function at any scale of its weights, so its norm"
                        + " records how far training moved it rather than a gain.\n\n");
        out.append("![normalised weight norms](fig5/weight_norms.png)\n\n");
        MarkdownTable table = new MarkdownTable("method", "trend (Spearman rho vs layer)", "sd of profile",
                "mean abs. relative change of squared norm since init.", "final test accuracy");
        for (int m = 0; m < METHODS.size(); m++) {
            double[] profile = profiles.of(METHODS.get(m));
            table.add(METHODS.get(m).label(), fmt(ProfileStatistics.trend(profile)),
                    fmt(ProfileStatistics.standardDeviation(profile)),
                    fmt(results.get(METHODS.get(m)).meanRelativeNormChange()),
                    fmt(results.get(METHODS.get(m)).curve().finalTestAccuracy()));
        }
        out.append(table.text()).append('\n');
        int b = profiles.boundary();
        out.append(String.format(Locale.ROOT, "Below the single SG (layers 1..%d) the standard deviation of the"
                + " normalised profile is %.3f for the single SG, %.3f for backprop and %.3f for SG*; above it (layers"
                + " %d..%d) %.3f, %.3f and %.3f.%n%n", b,
                ProfileStatistics.standardDeviation(Profiles.below(profiles.single(), b)),
                ProfileStatistics.standardDeviation(Profiles.below(profiles.backprop(), b)),
                ProfileStatistics.standardDeviation(Profiles.below(profiles.everywhere(), b)), b + 1,
                profiles.backprop().length,
                ProfileStatistics.standardDeviation(Profiles.above(profiles.single(), b)),
                ProfileStatistics.standardDeviation(Profiles.above(profiles.backprop(), b)),
                ProfileStatistics.standardDeviation(Profiles.above(profiles.everywhere(), b))));
        double largestChange = results.values().stream().mapToDouble(DepthRunResult::meanRelativeNormChange).max()
                .orElseThrow();
        if (largestChange < SMALL_CHANGE) {
            out.append(String.format(Locale.ROOT, "The squared norms moved on average by at most %.1f%% from their"
                    + " initial values: at this scale the profiles are mostly the initialisation plus a small drift,"
                    + " and their shapes are weak evidence either way.%n%n", 100 * largestChange));
        }
        List<Claim> failed = profiles.claims().stream().filter(c -> !c.holds()).toList();
        out.append("One seed (").append(context.seed()).append("). ");
        if (failed.isEmpty()) {
            out.append("Every finding holds at this scale by its criterion.\n");
        } else {
            out.append("At this scale these findings do not hold by their criteria: ")
                    .append(String.join("; ", failed.stream().map(Claim::finding).toList())).append(".\n");
        }
        return out.toString();
    }

    private static String settingsTable(Scale current) {
        Fig5Settings smoke = Fig5Settings.forScale(Scale.SMOKE);
        Fig5Settings quick = Fig5Settings.forScale(Scale.QUICK);
        Fig5Settings full = Fig5Settings.forScale(Scale.FULL);
        MarkdownTable table = new MarkdownTable("setting", "paper", "SMOKE", "QUICK", "FULL");
        table.add("hidden layers", "20", Integer.toString(smoke.depth()), Integer.toString(quick.depth()),
                Integer.toString(full.depth()));
        table.add("width", "512", Integer.toString(smoke.width()), Integer.toString(quick.width()),
                Integer.toString(full.width()));
        table.add("activation, BatchNorm", "ReLU, BatchNorm", "ReLU, BatchNorm", "ReLU, BatchNorm", "ReLU, BatchNorm");
        table.add("optimiser, backprop and single SG (network and SG)", "Adam 3e-5",
                "Adam " + sci(smoke.learningRate()), "Adam " + sci(quick.learningRate()),
                "Adam " + sci(full.learningRate()));
        table.add("optimiser, SG everywhere (network and SGs)", "Adam 3e-5",
                "Adam " + sci(smoke.sgEverywhereLearningRate()), "Adam " + sci(quick.sgEverywhereLearningRate()),
                "Adam " + sci(full.sgEverywhereLearningRate()));
        table.add("L2 penalty", "\"small\", not stated", sci(smoke.l2()), sci(quick.l2()), sci(full.l2()));
        table.add("batch size", "not stated", Integer.toString(smoke.batchSize()), Integer.toString(quick.batchSize()),
                Integer.toString(full.batchSize()));
        table.add("epochs", "not stated", Integer.toString(smoke.epochs()), Integer.toString(quick.epochs()),
                Integer.toString(full.epochs()));
        table.add("normalisation", "not stated", "divide by mean over layers", "divide by mean over layers",
                "divide by mean over layers");
        return "This run: " + current.label().toUpperCase(Locale.ROOT) + ".\n\n" + table.text();
    }

    private static String fmt(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    private static String sci(double value) {
        return String.format(Locale.ROOT, "%.0e", value);
    }
}
