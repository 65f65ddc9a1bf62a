package org.errorprop.experiments.reproduce.representations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.errorprop.experiments.report.CsvTable;
import org.errorprop.experiments.report.LinePlot;
import org.errorprop.experiments.report.MarkdownTable;
import org.errorprop.experiments.report.Series;
import org.errorprop.experiments.reproduce.Experiment;
import org.errorprop.experiments.reproduce.ExperimentReport;
import org.errorprop.experiments.reproduce.IndependentRuns;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.experiments.reproduce.ReproductionContext;
import org.errorprop.experiments.reproduce.StudiedMethod;
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
        Dataset train = DeepNetworkTraining.trainingData(settings, context.digits(),
                new RandomStreams(context.seed())).train();
        LinearClassifierProbe classifier = new LinearClassifierProbe(settings.probeL2(), settings.probeTolerance(),
                settings.probeIterations(), context.compute().blas());
        LayerProbes probes;
        try (Progress progress = context.progress("supp8: probes", (long) METHODS.size() * settings.hiddenLayers() + 1)) {
            probes = LayerProbes.measure(networks.networks(), METHODS, train, classifier,
                    IndependentRuns.defaultWorkers(), progress, context.compute().blas());
        }
        writeFiles(context, settings, probes, train.inputWidth());
        List<org.errorprop.experiments.reproduce.Claim> claims = ProbeClaims.of(probes, settings);
        return new ExperimentReport(claims, markdown(context, settings, networks, probes)
                + SettingsSection.caveats(claims, networks, METHODS, context.scale()));
    }

    private static void writeFiles(ReproductionContext context, RepresentationSettings settings, LayerProbes probes,
                                   int pixels) {
        CsvTable table = new CsvTable("method", "layer", "units", "probe_examples", "classifier_train_accuracy",
                "raw_pixel_train_accuracy", "regressor_train_mse", "mean_image_mse", "probe_iterations",
                "probe_gradient_norm", "probe_converged");
        LinearClassifierProbe.Fit pixelFit = probes.pixelFit();
        table.add("raw pixels", 0, pixels, probes.examples(), probes.pixelAccuracy(), probes.pixelAccuracy(), 0.0,
                probes.pixelVariance(), pixelFit.iterations(), pixelFit.gradientNorm(), pixelFit.converged());
        int last = settings.hiddenLayers();
        double[] x = new double[last];
        double[] flat = new double[last];
        double[] variance = new double[last];
        for (int l = 1; l <= last; l++) {
            x[l - 1] = l;
            flat[l - 1] = probes.pixelAccuracy();
            variance[l - 1] = probes.pixelVariance();
        }
        List<Series> accuracy = new ArrayList<>();
        List<Series> error = new ArrayList<>();
        for (StudiedMethod method : METHODS) {
            LayerProfile a = probes.accuracy().get(method);
            LayerProfile e = probes.reconstruction().get(method);
            accuracy.add(new Series(method.label(), x, a.values()));
            error.add(new Series(method.label(), x, e.values()));
            for (int l = 1; l <= last; l++) {
                LinearClassifierProbe.Fit fit = probes.fits().get(method).get(l - 1);
                table.add(method.label(), l, settings.width(), probes.examples(), a.at(l), probes.pixelAccuracy(),
                        e.at(l), probes.pixelVariance(), fit.iterations(), fit.gradientNorm(), fit.converged());
            }
        }
        accuracy.add(new Series("raw pixels (baseline)", x, flat));
        error.add(new Series("mean image only (worst case)", x, variance));
        table.write(context.file(NAME + "/probes.csv"));
        List<Double> marker = List.of(settings.sgBoundary() + 0.5);
        LinePlot.of("Linear classifier probe: training accuracy per layer", "hidden layer", "probe training accuracy")
                .withMarkers(marker).writePng(context.file(NAME + "/classifier_probe.png"), accuracy);
        LinePlot.of("Linear regressor probe: reconstructing the input from each layer", "hidden layer",
                "training MSE per pixel").withMarkers(marker)
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
                    + " decreased the loss in double precision); their rows in `%s/probes.csv` say so.",
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
        md.append(SettingsSection.accuracyTable(networks, METHODS)).append('\n');
        md.append("![classifier probe](").append(NAME).append("/classifier_probe.png)\n");
        md.append("![regressor probe](").append(NAME).append("/regressor_probe.png)\n\n");
        md.append(String.format(Locale.ROOT, "**How much a 100%% means.** Any labelling of n points in d "
                        + "dimensions is linearly separable when n ≤ d + 1, so a probe's perfect training accuracy "
                        + "says something only with many more points than units. Each probe here is trained on "
                        + "%,d digits against %d units (%.0f points per unit). The same probe on the raw 784 "
                        + "pixels reaches %s, the baseline a layer is compared with. The regressor's worst case "
                        + "(predicting the mean image) has MSE %.5f. Numbers: `%s/probes.csv`.%n%n",
                probes.examples(), settings.width(), (double) probes.examples() / settings.width(),
                SettingsSection.percent(probes.pixelAccuracy()), probes.pixelVariance(), NAME));
        md.append(convergence(probes, settings)).append("\n\n");
        MarkdownTable table = new MarkdownTable("layer", "backprop acc", "single SG acc", "DFA acc",
                "raw pixels acc (baseline)", "backprop MSE", "single SG MSE", "DFA MSE", "mean image MSE (worst case)");
        for (int l = 1; l <= settings.hiddenLayers(); l++) {
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(l));
            for (StudiedMethod method : METHODS) {
                row.add(SettingsSection.percent(probes.accuracy().get(method).at(l)));
            }
            row.add(SettingsSection.percent(probes.pixelAccuracy()));
            for (StudiedMethod method : METHODS) {
                row.add(String.format(Locale.ROOT, "%.5f", probes.reconstruction().get(method).at(l)));
            }
            row.add(String.format(Locale.ROOT, "%.5f", probes.pixelVariance()));
            table.add(row.toArray(String[]::new));
        }
        md.append(table.text()).append('\n');
        return md.toString();
    }
}
