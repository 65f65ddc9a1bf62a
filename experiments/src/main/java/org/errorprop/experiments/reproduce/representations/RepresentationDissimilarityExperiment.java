package org.errorprop.experiments.reproduce.representations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
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
import org.errorprop.experiments.reproduce.TrainedNetworkBar;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.network.Network;
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
        int seeds = networks.seeds();
        List<DistanceProfiles> trained = new ArrayList<>();
        List<DistanceProfiles> untrained = new ArrayList<>();
        CsvTable blocks = new CsvTable("method", "seed", "layer", "class_row", "class_column", "mean_dissimilarity");
        LayerDissimilarities first = null;
        try (Progress progress = context.progress("fig3: RDMs", 2L * seeds)) {
            for (int seed = 1; seed <= seeds; seed++) {
                // one seed's RDMs at a time: 4 methods x 20 layers of 400 x 400 are 100 MB
                LayerDissimilarities measured = LayerDissimilarities.measure(networks.ofSeed(seed), METHODS, sample);
                trained.add(DistanceProfiles.of(measured, METHODS));
                addBlockMeans(blocks, measured, seed, test.classes());
                if (seed == 1) {
                    first = measured;
                }
                progress.step();
                Map<StudiedMethod, Network> initial = new EnumMap<>(StudiedMethod.class);
                for (StudiedMethod method : METHODS) {
                    initial.put(method, DeepNetworkTraining.initialNetwork(context, method, seed));
                }
                untrained.add(DistanceProfiles.of(LayerDissimilarities.measure(initial, METHODS, sample), METHODS));
                progress.step();
            }
        }
        List<Integer> shown = shownLayers(first.layers());
        writeHeatmaps(context, first, shown);
        blocks.write(context.file(NAME + "/rdm_block_means.csv"));
        writeProfiles(context, settings, trained, untrained);
        int[] shuffle = shuffledOrder(first.layers() - 1, new RandomStreams(context.seed())
                .startOf("fig3/shuffled-layers"));
        List<Claim> claims = DissimilarityClaims.of(trained, DistanceProfiles.mean(untrained), shuffle,
                settings.sgBoundary(), TrainedNetworkBar.forScale(context.scale()),
                networks.lowestTestAccuracy(METHODS));
        return new ExperimentReport(claims, markdown(context, settings, networks, trained, untrained, shuffle,
                first.labels().length, shown) + SettingsSection.caveats(claims, networks, METHODS, context.scale()));
    }

    /** A permutation of 1..n drawn by Fisher-Yates from {@code random}: the shuffled-layers control. */
    static int[] shuffledOrder(int n, RandomGenerator random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i + 1;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    private static void writeProfiles(ReproductionContext context, RepresentationSettings settings,
                                      List<DistanceProfiles> trained, List<DistanceProfiles> untrained) {
        CsvTable distances = new CsvTable("method", "seed", "network", "layer", "distance_to_last",
                "relative_to_layer_1");
        int layers = trained.get(0).layers();
        double[] x = new double[layers];
        for (int l = 1; l <= layers; l++) {
            x[l - 1] = l;
        }
        List<Series> absolute = new ArrayList<>();
        Map<String, List<Series>> relative = new LinkedHashMap<>();
        for (StudiedMethod method : METHODS) {
            List<Series> panel = new ArrayList<>();
            for (int seed = 1; seed <= trained.size(); seed++) {
                LayerProfile profile = trained.get(seed - 1).absolute(method);
                LayerProfile scaled = trained.get(seed - 1).relative(method);
                absolute.add(new Series(method.label() + ", seed " + seed, method.label(), x, profile.values()));
                panel.add(new Series("seed " + seed, x, scaled.values()));
                for (int l = 1; l <= layers; l++) {
                    distances.add(method.label(), seed, "trained", l, profile.at(l), scaled.at(l));
                }
                LayerProfile before = untrained.get(seed - 1).absolute(method);
                for (int l = 1; l <= layers; l++) {
                    distances.add(method.label(), seed, "untrained", l, before.at(l), before.at(l) / before.at(1));
                }
            }
            panel.add(new Series("untrained networks (mean of seeds)", x,
                    DistanceProfiles.mean(untrained).relative(method).values()));
            relative.put(method.label(), panel);
        }
        distances.write(context.file(NAME + "/distance_to_last.csv"));
        List<Double> marker = List.of(settings.sgBoundary() + 0.5);
        LinePlot.of("Distance of each layer's within-class RDM blocks to layer " + layers + "'s (one line per seed)",
                "hidden layer", "L2 distance of diagonal blocks").withMarkers(marker)
                .writePng(context.file(NAME + "/distance_to_last.png"), absolute);
        LinePlot.of("The same, divided by each network's layer-1 distance (dotted: the single SG)", "hidden layer",
                "distance / distance at layer 1").withMarkers(marker)
                .writePanelsPng(context.file(NAME + "/distance_relative.png"), relative);
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

    private static void addBlockMeans(CsvTable table, LayerDissimilarities measured, int seed, int classes) {
        for (StudiedMethod method : METHODS) {
            for (int l = 1; l <= measured.layers(); l++) {
                double[][] means = measured.blockMeans(method, l, classes);
                for (int a = 0; a < classes; a++) {
                    for (int b = 0; b < classes; b++) {
                        table.add(method.label(), seed, l, a, b, means[a][b]);
                    }
                }
            }
        }
    }

    private static String markdown(ReproductionContext context, RepresentationSettings settings,
                                   TrainedNetworks networks, List<DistanceProfiles> trained,
                                   List<DistanceProfiles> untrained, int[] shuffle, int sampleSize,
                                   List<Integer> shown) {
        StringBuilder md = new StringBuilder();
        md.append("Data: ").append(context.dataDescription()).append(".\n\n");
        md.append(SettingsSection.settingsTable(settings, context.scale())).append('\n');
        md.append("The trained networks (shared with supp8):\n\n");
        md.append(SettingsSection.accuracyTable(networks, METHODS, context.scale())).append('\n');
        md.append("![RDMs per layer](").append(NAME).append("/rdm.png)\n\n");
        md.append("Rows: training method (seed 1); columns: hidden layers ")
                .append(String.join(", ", shown.stream().map(String::valueOf).toList()))
                .append(". Each RDM is ").append(sampleSize).append(" × ").append(sampleSize)
                .append(", digits sorted by label, one colour range over all cells. The RDMs of every seed are "
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
        md.append(String.format(Locale.ROOT, "**Seeds and controls.** Each method trained %d times, every run from"
                + " its own initial weights and batch order (random streams `representations/networks/<method>/"
                + "seed-<r>` under seed %d). Each claim is judged on the seeds' mean profiles (layer by layer, the"
                + " mean of the distances) and counts only if every run of the networks it reads reached the"
                + " trained-network bar; the claims table also gives the seeds one by one (\"held on k of %d\")"
                + " and the verdict on three controls a criterion should fail on: the untrained networks (each"
                + " run's initial weights, same RDM sample), the layers shuffled (layers 1..%d of every mean profile"
                + " in the fixed random order %s, layer %d kept last), and another method's mean profile in place of"
                + " the one the claim reads.%n%n", trained.size(), context.seed(), trained.size(), shuffle.length,
                Arrays.toString(shuffle), shuffle.length + 1));
        DistanceProfiles mean = DistanceProfiles.mean(trained);
        DistanceProfiles meanUntrained = DistanceProfiles.mean(untrained);
        List<String> header = new ArrayList<>(List.of("layer"));
        METHODS.forEach(m -> header.add(m.label()));
        METHODS.forEach(m -> header.add(m.label() + " untrained"));
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        for (int l = 1; l <= mean.layers(); l++) {
            List<String> row = new ArrayList<>();
            row.add(Integer.toString(l));
            int layer = l;
            for (StudiedMethod method : METHODS) {
                double[] perSeed = trained.stream().mapToDouble(p -> p.relative(method).at(layer)).toArray();
                row.add(String.format(Locale.ROOT, "%.3f (%s)", mean.relative(method).at(l),
                        SeededClaims.meanAndSd(perSeed)));
            }
            for (StudiedMethod method : METHODS) {
                row.add(String.format(Locale.ROOT, "%.3f", meanUntrained.relative(method).at(l)));
            }
            table.add(row.toArray(String[]::new));
        }
        md.append("Distance to the last layer divided by the layer-1 distance, on the seeds' mean profile (in"
                + " brackets: the per-seed relative distances, mean ± sd), and the untrained networks' mean:\n\n")
                .append(table.text()).append('\n');
        return md.toString();
    }
}
