package org.errorprop.experiments.reproduce.representations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.errorprop.experiments.report.CsvTable;
import org.errorprop.experiments.report.HeatmapGrid;
import org.errorprop.experiments.report.LinePlot;
import org.errorprop.experiments.report.MarkdownTable;
import org.errorprop.experiments.report.Series;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.Experiment;
import org.errorprop.experiments.reproduce.ExperimentReport;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.experiments.reproduce.ReproductionContext;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.random.RandomStreams;

/**
 * Figure 3 with Supp. Fig. 7's DFA row: RDMs of every hidden layer of 20-layer ReLU networks trained with
 * backprop, a single SG, an SG everywhere and DFA, and each layer's distance to the last layer's RDM.
 */
public final class RepresentationDissimilarityExperiment implements Experiment {
    static final String NAME = "fig3";
    private static final List<StudiedMethod> METHODS = List.of(StudiedMethod.values());

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Figure 3 and Supp. Fig. 7: representational dissimilarity matrices per layer";
    }

    @Override
    public ExperimentReport run(ReproductionContext context) {
        TrainedNetworks networks = DeepNetworkTraining.obtain(context);
        RepresentationSettings settings = networks.settings();
        Dataset test = context.digits().test();
        int[] chosen = DigitSample.balancedIndices(test, settings.rdmPerClass(),
                new RandomStreams(context.seed()).startOf("fig3/rdm-sample"));
        Dataset sample = DigitSample.subset(test, chosen, "RDM sample");
        LayerDissimilarities measured;
        try (Progress progress = context.progress("fig3: RDMs", 1)) {
            measured = LayerDissimilarities.measure(networks.networks(), METHODS, sample);
            progress.step();
        }
        List<Integer> shown = shownLayers(measured.layers());
        writeHeatmaps(context, measured, shown);
        writeBlockMeans(context, measured, test.classes());
        List<Series> absolute = new ArrayList<>();
        List<Series> relative = new ArrayList<>();
        CsvTable distances = new CsvTable("method", "layer", "distance_to_last", "relative_to_layer_1");
        double[] x = new double[measured.layers()];
        for (int l = 1; l <= x.length; l++) {
            x[l - 1] = l;
        }
        for (StudiedMethod method : METHODS) {
            LayerProfile profile = measured.distanceToLast(method);
            LayerProfile scaled = profile.dividedBy(profile.at(1));
            absolute.add(new Series(method.label(), x, profile.values()));
            relative.add(new Series(method.label(), x, scaled.values()));
            for (int l = 1; l <= x.length; l++) {
                distances.add(method.label(), l, profile.at(l), scaled.at(l));
            }
        }
        distances.write(context.file(NAME + "/distance_to_last.csv"));
        List<Double> marker = List.of(settings.sgBoundary() + 0.5);
        int last = measured.layers();
        LinePlot.of("Distance of each layer's within-class RDM blocks to layer " + last + "'s", "hidden layer",
                "L2 distance of diagonal blocks").withMarkers(marker)
                .writePng(context.file(NAME + "/distance_to_last.png"), absolute);
        LinePlot.of("The same, divided by each network's layer-1 distance", "hidden layer",
                "distance / distance at layer 1").withMarkers(marker)
                .writePng(context.file(NAME + "/distance_relative.png"), relative);

        List<Claim> claims = DissimilarityClaims.of(measured, settings);
        return new ExperimentReport(claims, markdown(context, settings, networks, measured, shown)
                + SettingsSection.caveats(claims, networks, METHODS, context.scale()));
    }

    /** Layers 1, 3, 5, ... and the last, so that a 20-layer network shows 11 readable columns. */
    static List<Integer> shownLayers(int layers) {
        List<Integer> shown = new ArrayList<>();
        for (int l = 1; l < layers; l += 2) {
            shown.add(l);
        }
        shown.add(layers);
        return shown;
    }

    private static void writeHeatmaps(ReproductionContext context, LayerDissimilarities measured, List<Integer> shown) {
        double[][][][] cells = new double[METHODS.size()][shown.size()][][];
        for (int r = 0; r < METHODS.size(); r++) {
            for (int c = 0; c < shown.size(); c++) {
                cells[r][c] = measured.rdm(METHODS.get(r), shown.get(c));
            }
        }
        new HeatmapGrid("RDMs of " + measured.labels().length + " test digits sorted by label (columns: hidden layer)",
                METHODS.stream().map(StudiedMethod::label).toList(),
                shown.stream().map(l -> "layer " + l).toList(), HeatmapGrid.ColourRange.SHARED,
                "1 − correlation", 90).writePng(context.file(NAME + "/rdm.png"), cells, 0, 2);
    }

    private static void writeBlockMeans(ReproductionContext context, LayerDissimilarities measured, int classes) {
        CsvTable table = new CsvTable("method", "layer", "class_row", "class_column", "mean_dissimilarity");
        for (StudiedMethod method : METHODS) {
            for (int l = 1; l <= measured.layers(); l++) {
                double[][] means = measured.blockMeans(method, l, classes);
                for (int a = 0; a < classes; a++) {
                    for (int b = 0; b < classes; b++) {
                        table.add(method.label(), l, a, b, means[a][b]);
                    }
                }
            }
        }
        table.write(context.file(NAME + "/rdm_block_means.csv"));
    }

    private static String markdown(ReproductionContext context, RepresentationSettings settings,
                                   TrainedNetworks networks, LayerDissimilarities measured, List<Integer> shown) {
        StringBuilder md = new StringBuilder();
        md.append("Data: ").append(context.dataDescription()).append(".\n\n");
        md.append(SettingsSection.settingsTable(settings, context.scale())).append('\n');
        md.append("The trained networks (shared with supp8):\n\n");
        md.append(SettingsSection.accuracyTable(networks, METHODS)).append('\n');
        md.append("![RDMs per layer](").append(NAME).append("/rdm.png)\n\n");
        md.append("Rows: training method; columns: hidden layers ")
                .append(String.join(", ", shown.stream().map(String::valueOf).toList()))
                .append(". Each RDM is ").append(measured.labels().length).append(" × ")
                .append(measured.labels().length)
                .append(", digits sorted by label, one colour range over all cells. The RDMs themselves are "
                        + "summarised in `" + NAME + "/rdm_block_means.csv` (mean of every class-by-class block, "
                        + "every layer); the full matrices would be millions of rows.\n\n");
        md.append("![distance to the last layer](").append(NAME).append("/distance_to_last.png)\n");
        md.append("![relative distance](").append(NAME).append("/distance_relative.png)\n\n");
        md.append("**What \"the diagonal elements\" means here.** The paper plots \"the L2 distance between the "
                + "diagonal elements\" of each layer's RDM and the last layer's. The diagonal proper of an RDM is "
                + "always 0, so we read it as the within-class diagonal blocks of the label-sorted RDM (how a "
                + "layer sees digits of one class) and take the L2 norm of their difference over every same-class "
                + "pair. The dotted line marks the single SG (between layers ").append(settings.sgBoundary())
                .append(" and ").append(settings.sgBoundary() + 1)
                .append("); the SG-everywhere network has one between every pair of layers, not drawn. Numbers: `")
                .append(NAME).append("/distance_to_last.csv`.\n\n");
        MarkdownTable table = new MarkdownTable("layer", "backprop", "single SG", "SG everywhere", "DFA");
        for (int l = 1; l <= measured.layers(); l++) {
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(l));
            for (StudiedMethod method : METHODS) {
                row.add(String.format(Locale.ROOT, "%.3f", DissimilarityClaims.relative(measured, method).at(l)));
            }
            table.add(row.toArray(String[]::new));
        }
        md.append("Distance to the last layer divided by the layer-1 distance:\n\n").append(table.text()).append('\n');
        return md.toString();
    }
}
