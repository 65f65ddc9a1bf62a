package org.errorprop.experiments.reproduce.representations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.errorprop.experiments.report.CsvTable;
import org.errorprop.experiments.report.LinePlot;
import org.errorprop.experiments.report.MarkdownTable;
import org.errorprop.experiments.report.SampleSpread;
import org.errorprop.experiments.report.Series;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.Experiment;
import org.errorprop.experiments.reproduce.ExperimentReport;
import org.errorprop.experiments.reproduce.IndependentRuns;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.experiments.reproduce.ReproductionContext;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.experiments.reproduce.TrainedNetworkBar;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.random.RandomStreams;

/**
 * Supp. Fig. 8: linear classifier probes (training accuracy per layer) and linear regressor probes
 * (reconstructing the input, MSE per layer) on the deep networks trained with backprop, a single SG
 * and DFA, the networks Figure 3 studies.
 */
public final class LinearProbeExperiment implements Experiment {
    static final String NAME = "supp8";
    private static final List<StudiedMethod> METHODS =
            List.of(StudiedMethod.BACKPROP, StudiedMethod.SINGLE_SG, StudiedMethod.DFA);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Supp. Fig. 8: linear classifier and regressor probes per layer";
    }

    @Override
    public ExperimentReport run(ReproductionContext context) {
        TrainedNetworks networks = DeepNetworkTraining.obtain(context);
        RepresentationSettings settings = networks.settings();
        RandomStreams random = new RandomStreams(context.seed());
        Dataset train = probeDigits(settings, DeepNetworkTraining.trainingData(settings, context.digits(), random)
                .train(), random);
        // probes run to a gradient norm of 1e-5 and compare accuracies a few digits apart: their products stay in
        // double whatever the networks' training used (--matmul-precision float32 at full scale)
        org.errorprop.framework.linalg.Blas doubleProducts = context.compute()
                .withPrecision(org.errorprop.framework.linalg.MatmulPrecision.FLOAT64).blas();
        LinearClassifierProbe classifier = new LinearClassifierProbe(settings.probeL2(), settings.probeTolerance(),
                settings.probeIterations(), doubleProducts);
        LayerProbes probes;
        try (Progress progress = context.progress("supp8: probes",
                (long) METHODS.size() * networks.seeds() * settings.hiddenLayers() + 1)) {
            probes = LayerProbes.measure(context.runs(), "supp8/probes", networks, METHODS,
                    settings.classifierProbeLayers(), train, classifier, IndependentRuns.defaultWorkers(), progress,
                    doubleProducts);
        }
        writeFiles(context, settings, probes, train.inputWidth());
        List<Claim> claims = ProbeClaims.of(probes.seeds(), probes.classifierLayers(), probes.pixelAccuracy(),
                probes.examples(), settings.sgBoundary(), TrainedNetworkBar.forScale(context.scale()),
                networks.lowestTestAccuracy(METHODS));
        return new ExperimentReport(claims, markdown(context, settings, networks, probes)
                + SettingsSection.caveats(claims, networks, METHODS, context.scale()));
    }

    /**
     * The digits every probe (and the raw-pixel baseline) is trained on: the networks' training digits, or a
     * fixed class-balanced random subset of them ({@link RepresentationSettings#probePerClass()}).
     */
    static Dataset probeDigits(RepresentationSettings settings, Dataset networkTraining, RandomStreams random) {
        if (settings.probePerClass() == 0) {
            return networkTraining;
        }
        int[] chosen = DigitSample.balancedIndices(networkTraining, settings.probePerClass(),
                random.startOf("supp8/probe-subset"));
        return DigitSample.subset(networkTraining, chosen, networkTraining.name() + " (probe subset)");
    }

    private static void writeFiles(ReproductionContext context, RepresentationSettings settings, LayerProbes probes,
                                   int pixels) {
        CsvTable table = new CsvTable("method", "seed", "layer", "units", "probe_examples",
                "classifier_train_accuracy", "raw_pixel_train_accuracy", "regressor_train_mse", "mean_image_mse");
        table.add("raw pixels", 0, 0, pixels, probes.examples(), probes.pixelAccuracy(), probes.pixelAccuracy(), 0.0,
                probes.pixelVariance());
        int last = settings.hiddenLayers();
        List<Integer> probed = probes.classifierLayers();
        double[] x = new double[last];
        double[] xProbed = probed.stream().mapToDouble(Integer::doubleValue).toArray();
        double[] flat = new double[probed.size()];
        double[] variance = new double[last];
        for (int l = 1; l <= last; l++) {
            x[l - 1] = l;
            variance[l - 1] = probes.pixelVariance();
        }
        Arrays.fill(flat, probes.pixelAccuracy());
        List<Series> accuracy = new ArrayList<>();
        List<Series> error = new ArrayList<>();
        for (StudiedMethod method : METHODS) {
            for (int seed = 1; seed <= probes.seeds().size(); seed++) {
                LayerProfile a = probes.seeds().get(seed - 1).accuracy(method);
                LayerProfile e = probes.seeds().get(seed - 1).reconstruction(method);
                accuracy.add(new Series(method.label() + ", seed " + seed, method.label(), xProbed,
                        probed.stream().mapToDouble(a::at).toArray()));
                error.add(new Series(method.label() + ", seed " + seed, method.label(), x, e.values()));
                for (int l = 1; l <= last; l++) {
                    table.add(method.label(), seed, l, settings.width(), probes.examples(),
                            probed.contains(l) ? a.at(l) : "", probes.pixelAccuracy(), e.at(l), probes.pixelVariance());
                }
            }
        }
        accuracy.add(new Series("raw pixels (baseline)", xProbed, flat));
        error.add(new Series("mean image only (worst case)", x, variance));
        table.write(context.file(NAME + "/probes.csv"));
        CsvTable solver = new CsvTable("fit", "probe_iterations", "probe_gradient_norm", "probe_converged");
        List<LinearClassifierProbe.Fit> fits = probes.allFits();
        for (int i = 0; i < fits.size(); i++) {
            LinearClassifierProbe.Fit fit = fits.get(i);
            solver.add(i == fits.size() - 1 ? "raw pixels" : Integer.toString(i + 1), fit.iterations(),
                    fit.gradientNorm(), fit.converged());
        }
        solver.write(context.file(NAME + "/probe_solver.csv"));
        List<Double> marker = List.of(settings.sgBoundary() + 0.5);
        LinePlot.of("Linear classifier probe: training accuracy per layer (one line per seed)", "hidden layer",
                "probe training accuracy").withMarkers(marker)
                .writePng(context.file(NAME + "/classifier_probe.png"), accuracy);
        LinePlot.of("Linear regressor probe: reconstructing the input from each layer (one line per seed)",
                "hidden layer", "training MSE per pixel").withMarkers(marker)
                .writePng(context.file(NAME + "/regressor_probe.png"), error);
    }

    /** One sentence on how the classifier probes' solver ended: converged or stopped by its step cap. */
    static String convergence(LayerProbes probes, RepresentationSettings settings) {
        List<LinearClassifierProbe.Fit> fits = probes.allFits();
        long converged = fits.stream().filter(LinearClassifierProbe.Fit::converged).count();
        int fewest = fits.stream().mapToInt(LinearClassifierProbe.Fit::iterations).min().orElseThrow();
        int most = fits.stream().mapToInt(LinearClassifierProbe.Fit::iterations).max().orElseThrow();
        double worst = fits.stream().mapToDouble(LinearClassifierProbe.Fit::gradientNorm).max().orElseThrow();
        String text = String.format(Locale.ROOT, "**Convergence.** %d of %d classifier probes (the raw-pixel one"
                        + " included) reached ‖gradient‖₂ ≤ %.0e, in %d to %d L-BFGS steps; the largest final gradient"
                        + " norm is %.1e.", converged, fits.size(), settings.probeTolerance(), fewest, most, worst);
        if (converged < fits.size()) {
            text += String.format(Locale.ROOT, " The others stopped at the cap of %d steps (or where no step"
                    + " decreased the loss in double precision); their rows in `%s/probe_solver.csv` say so.",
                    settings.probeIterations(), NAME);
        }
        return text;
    }

    private static String markdown(ReproductionContext context, RepresentationSettings settings,
                                   TrainedNetworks networks, LayerProbes probes) {
        StringBuilder md = new StringBuilder();
        md.append("Data: ").append(context.dataDescription()).append(". The networks are the ones of fig3 "
                + "(settings there; the same table repeats here).\n\n");
        md.append(SettingsSection.settingsTable(settings, context.scale())).append('\n');
        md.append(SettingsSection.accuracyTable(networks, METHODS, context.scale())).append('\n');
        md.append("![classifier probe](").append(NAME).append("/classifier_probe.png)\n");
        md.append("![regressor probe](").append(NAME).append("/regressor_probe.png)\n\n");
        md.append(String.format(Locale.ROOT, "**How much a 100%% means.** Any labelling of n points in d "
                        + "dimensions is linearly separable when n ≤ d + 1, so a probe's perfect training accuracy "
                        + "says something only with many more points than units. Each probe here is trained on "
                        + "%,d digits against %d units (%.0f points per unit). The same probe on the raw 784 "
                        + "pixels of the same digits reaches %s, the baseline a layer is compared with; a 100%% claim"
                        + " counts only when that baseline stays below %.1f%%. The regressor's worst case "
                        + "(predicting the mean image) has MSE %.5f. Numbers: `%s/probes.csv`.%n%n",
                probes.examples(), settings.width(), (double) probes.examples() / settings.width(),
                SettingsSection.percent(probes.pixelAccuracy()), 100 * ProbeClaims.PERFECT, probes.pixelVariance(),
                NAME));
        md.append(String.format(Locale.ROOT, "**Seeds.** Every network of %d seeds is probed (each method and seed"
                + " from its own initial weights, see fig3); each claim is judged on the seeds' mean curves, layer by"
                + " layer, and the claims table gives the seeds one by one (\"held on k of %d\") and the verdict on"
                + " controls the criterion should fail on (another method's curves, or the raw-pixel probe, in place"
                + " of the curve the claim reads).%n%n", probes.seeds().size(), probes.seeds().size()));
        md.append(convergence(probes, settings)).append("\n\n");
        ProbeProfiles mean = ProbeProfiles.mean(probes.seeds());
        MarkdownTable table = new MarkdownTable("layer", "backprop acc", "single SG acc", "DFA acc",
                "raw pixels acc (baseline)", "backprop MSE", "single SG MSE", "DFA MSE", "mean image MSE (worst case)");
        for (int l = 1; l <= settings.hiddenLayers(); l++) {
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(l));
            boolean probed = probes.classifierLayers().contains(l);
            for (StudiedMethod method : METHODS) {
                row.add(probed ? SettingsSection.percent(mean.accuracy(method).at(l)) : "not probed");
            }
            row.add(SettingsSection.percent(probes.pixelAccuracy()));
            for (StudiedMethod method : METHODS) {
                int layer = l;
                double[] perSeed = probes.seeds().stream().mapToDouble(p -> p.reconstruction(method).at(layer))
                        .toArray();
                row.add(String.format(Locale.ROOT, "%.5f ± %.5f", mean.reconstruction(method).at(l),
                        SampleSpread.standardDeviation(perSeed)));
            }
            row.add(String.format(Locale.ROOT, "%.5f", probes.pixelVariance()));
            table.add(row.toArray(String[]::new));
        }
        md.append("Mean over the seeds (MSE: ± the seeds' sd):\n\n").append(table.text()).append('\n');
        return md.toString();
    }
}
