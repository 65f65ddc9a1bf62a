package org.errorprop.experiments.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import org.errorprop.experiments.report.CsvTable;
import org.errorprop.experiments.report.LinePlot;
import org.errorprop.experiments.report.MarkdownTable;
import org.errorprop.experiments.report.SampleSpread;
import org.errorprop.experiments.report.Series;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.linalg.MatmulPrecision;
import org.errorprop.framework.training.StageCut;
import org.errorprop.framework.training.StageMetrics;

/**
 * {@code errorprop bench --schedule pipelined}: cSG on the {@link BenchmarkNetwork} in the sequential schedule on one
 * thread and on every thread count up to the cores, and in the pipelined schedule with two stages; the repeats
 * alternate the sides, rotating their order; best and median per side. Then {@link PipelineThroughputModel} fitted on
 * the best pipelined repeat, checked against the measured one- and two-stage throughputs, and used to predict 4, 8
 * and 16 stages of the depth-20 network; and accuracy against training time on the embedded digits.
 */
public final class PipelineBench {
    /** The settings of one invocation. */
    public record Settings(BenchmarkNetwork network, int steps, int repeats, int queueCapacity, long seed,
                           int cores, int accuracyEpochs, List<Long> accuracySeeds) {
    }

    /** One side's measurements. */
    record Side(String schedule, int threads) {
        String label() {
            return schedule + " " + threads + " thread" + (threads == 1 ? "" : "s");
        }
    }

    private final LongSupplier nanoClock;
    private final BlasBackend backend;
    private final MatmulPrecision precision;

    public PipelineBench(LongSupplier nanoClock, BlasBackend backend, MatmulPrecision precision) {
        this.nanoClock = nanoClock;
        this.backend = backend;
        this.precision = precision;
    }

    /** Runs everything, prints the tables to {@code out}, writes CSVs, plots and report.md into {@code directory}. */
    public void run(Settings settings, DataSplit digits, PrintWriter out, Path directory, Path csv) {
        BenchmarkNetwork network = settings.network();
        ScheduleThroughput throughput = new ScheduleThroughput(nanoClock, backend, precision);
        List<Side> sides = new ArrayList<>();
        for (int threads = 1; threads <= settings.cores(); threads++) {
            sides.add(new Side("sequential", threads));
        }
        Side pipelined = new Side("pipelined", 2);
        sides.add(pipelined);
        Map<Side, List<Double>> samples = new LinkedHashMap<>();
        sides.forEach(side -> samples.put(side, new ArrayList<>()));
        Map<Double, List<StageMetrics>> stagesOf = new LinkedHashMap<>();
        // warm-up: every side once, short, untimed (the JIT compiles the same code for all)
        for (Side side : sides) {
            measure(throughput, side, network, Math.max(4, settings.steps() / 5), settings);
        }
        for (int r = 0; r < settings.repeats(); r++) {
            for (int i = 0; i < sides.size(); i++) {
                Side side = sides.get((i + r) % sides.size());
                ScheduleThroughput.Measurement m = measure(throughput, side, network, settings.steps(), settings);
                samples.get(side).add(m.samplesPerSecond());
                if (side.equals(pipelined)) {
                    stagesOf.put(m.samplesPerSecond(), m.stages());
                }
                out.printf(Locale.ROOT, "repeat %d/%d  %-24s %,10.0f samples/s%n", r + 1, settings.repeats(), side.label(),
                        m.samplesPerSecond());
                out.flush();
            }
        }
        Side bestSequential = sides.get(0);
        for (Side side : sides) {
            if (side.schedule().equals("sequential") && median(samples.get(side)) > median(samples.get(bestSequential))) {
                bestSequential = side;
            }
        }
        CsvTable rows = new CsvTable("method", "depth", "width", "batch", "schedule", "threads", "samples_per_second",
                "median_samples_per_second", "repeats");
        MarkdownTable table = new MarkdownTable("schedule", "threads", "samples/s best", "median",
                "pipelined x this (best / median)");
        double pipeBest = max(samples.get(pipelined));
        double pipeMedian = median(samples.get(pipelined));
        for (Side side : sides) {
            List<Double> s = samples.get(side);
            rows.add("csg", network.depth(), network.width(), network.batch(), side.schedule(), side.threads(), max(s),
                    median(s), s.size());
            table.add(side.schedule() + (side.equals(bestSequential) ? " (best sequential)" : ""),
                    Integer.toString(side.threads()), String.format(Locale.ROOT, "%,.0f", max(s)),
                    String.format(Locale.ROOT, "%,.0f", median(s)), side.equals(pipelined) ? "" : String.format(Locale.ROOT,
                            "%.2f / %.2f", pipeBest / max(s), pipeMedian / median(s)));
        }
        if (csv != null) {
            rows.write(csv);
        }
        rows.write(directory.resolve("throughput.csv"));
        StringBuilder report = new StringBuilder("# Pipelined schedule: throughput, model, accuracy over time\n\n");
        report.append(String.format(Locale.ROOT, "cSG (linear, label-conditioned, at boundary %d) on 784 -> %d x %d "
                        + "-> 10, batch %d, %s products, %d steps per measurement, %d repeats alternating the sides.%n%n",
                network.synthesizerBoundary(), network.depth(), network.width(), network.batch(), precision.label(),
                settings.steps(), settings.repeats()));
        report.append(table.text()).append('\n');
        out.println();
        out.print(table.text());

        PipelineThroughputModel model = fitModel(network, stagesOf.get(pipeBest));
        report.append(modelSection(model, network, settings, max(samples.get(sides.get(0))), pipeBest, directory, out));
        if (settings.accuracyEpochs() > 0) {
            report.append(accuracySection(network, settings, digits, bestSequential.threads(), directory, out));
        }
        org.errorprop.experiments.run.AtomicFiles.writeText(directory.resolve("report.md"), report.toString());
    }

    private ScheduleThroughput.Measurement measure(ScheduleThroughput throughput, Side side, BenchmarkNetwork network,
                                                   int steps, Settings settings) {
        return side.schedule().equals("pipelined")
                ? throughput.pipelined(network, "sg", settings.queueCapacity(), steps, settings.seed())
                : throughput.sequential(network, "sg", side.threads(), steps, settings.seed());
    }

    private static PipelineThroughputModel fitModel(BenchmarkNetwork network, List<StageMetrics> stages) {
        double[] blocks = PipelineThroughputModel.blockFlops(network);
        List<Double> flops = PipelineThroughputModel.stageFlops(blocks, List.of(network.synthesizerBoundary()));
        StageMetrics lower = stages.get(0);
        StageMetrics upper = stages.get(1);
        return PipelineThroughputModel.fit(lower.busySeconds() / lower.steps(), flops.get(0),
                upper.busySeconds() / upper.steps(), flops.get(1));
    }

    private static String modelSection(PipelineThroughputModel model, BenchmarkNetwork network, Settings settings,
                                       double measuredOneThread, double measuredPipelined, Path directory,
                                       PrintWriter out) {
        double[] blocks = PipelineThroughputModel.blockFlops(network);
        double predictedOne = model.samplesPerSecond(PipelineThroughputModel.stageFlops(blocks, List.of()), 1,
                network.batch());
        double predictedTwo = model.samplesPerSecond(PipelineThroughputModel.stageFlops(blocks,
                List.of(network.synthesizerBoundary())), 2, network.batch());
        MarkdownTable check = new MarkdownTable("stages", "cores", "predicted samples/s", "measured (best)", "error");
        check.add("1", "1", fmt(predictedOne), fmt(measuredOneThread),
                String.format(Locale.ROOT, "%+.1f%%", 100 * (predictedOne / measuredOneThread - 1)));
        check.add("2", "2", fmt(predictedTwo), fmt(measuredPipelined),
                String.format(Locale.ROOT, "%+.1f%%", 100 * (predictedTwo / measuredPipelined - 1)));
        BenchmarkNetwork deep = new BenchmarkNetwork(20, network.width(), network.batch());
        double[] deepBlocks = PipelineThroughputModel.blockFlops(deep);
        List<Integer> all = new ArrayList<>();
        for (int k = 1; k < deepBlocks.length; k++) {
            all.add(k);
        }
        double cutFlops = model.cutSeconds() / model.secondsPerFlop();
        CsvTable predictions = new CsvTable("stages", "cores", "cut", "predicted_samples_per_second");
        MarkdownTable scaling = new MarkdownTable("stages", "cut (blocks per stage)", "one core per stage: samples/s",
                "speed-up", "2 cores: samples/s");
        List<Double> stagesX = new ArrayList<>();
        List<Double> ownCores = new ArrayList<>();
        List<Double> twoCores = new ArrayList<>();
        double single = 0;
        for (int stages : List.of(1, 2, 4, 8, 16)) {
            StageCut cut = StageCut.balancedAt(stages, deepBlocks, cutFlops, all, "sg-everywhere");
            List<Double> flops = PipelineThroughputModel.stageFlops(deepBlocks, cut.boundaries());
            double own = model.samplesPerSecond(flops, stages, deep.batch());
            double two = model.samplesPerSecond(flops, 2, deep.batch());
            if (stages == 1) {
                single = own;
            }
            predictions.add(stages, stages, cut.toString(), own);
            predictions.add(stages, 2, cut.toString(), two);
            scaling.add(Integer.toString(stages), cut.toString(), fmt(own), String.format(Locale.ROOT, "%.2f", own / single),
                    fmt(two));
            stagesX.add((double) stages);
            ownCores.add(own);
            twoCores.add(two);
        }
        predictions.write(directory.resolve("model.csv"));
        LinePlot.of("Predicted throughput, 784 -> 20 x " + deep.width() + " -> 10, batch " + deep.batch()
                        + ", SG at every cut", "stages", "samples per second")
                .writePng(directory.resolve("model.png"), List.of(
                        new Series("one core per stage", toArray(stagesX), toArray(ownCores)),
                        new Series("2 cores", toArray(stagesX), toArray(twoCores))));
        String text = String.format(Locale.ROOT, "%n## The throughput model%n%nFitted on the best pipelined repeat: "
                        + "%.3g s per GFLOP of products (the top stage's busy time over its product work), a cut adds "
                        + "%.3g ms per batch to the stage below it (its synthesizer, the queue copies). Prediction "
                        + "= batch / max(slowest stage, total work / cores).%n%n%s%n", model.secondsPerFlop() * 1e9,
                model.cutSeconds() * 1e3, check.text())
                + String.format(Locale.ROOT, "%nPredicted scaling of the depth-20 network (model.png, model.csv). "
                        + "Assumptions: every stage has a core of its own (or the 2 cores shared, last column); the "
                        + "rate per flop and the cost of a cut stay as measured here (no memory-bandwidth contention, "
                        + "no cross-socket traffic); the cut balances the product work (StageCut.balanced); queues "
                        + "never run dry (a steady state: the pipeline's fill and drain at each epoch's end are "
                        + "left out); SG at every cut (sg-everywhere), so any boundary can be cut.%n%n%s%n",
                scaling.text());
        out.println();
        out.print(check.text());
        out.println();
        out.print(scaling.text());
        return text;
    }

    private String accuracySection(BenchmarkNetwork network, Settings settings, DataSplit digits, int bestThreads,
                                   Path directory, PrintWriter out) {
        AccuracyOverWallClock runs = new AccuracyOverWallClock(nanoClock, backend, precision);
        List<AccuracyOverWallClock.Curve> curves = new ArrayList<>();
        for (long seed : settings.accuracySeeds()) {
            curves.add(runs.pipelined(network, digits, settings.accuracyEpochs(), settings.queueCapacity(), seed));
            curves.add(runs.sequential(network, "sg", digits, settings.accuracyEpochs(), bestThreads, seed));
            curves.add(runs.sequential(network, "bp", digits, settings.accuracyEpochs(), bestThreads, seed));
            out.printf(Locale.ROOT, "accuracy runs of seed %d done%n", seed);
            out.flush();
        }
        CsvTable csv = new CsvTable("run", "seed", "epoch", "training_seconds", "test_accuracy");
        List<Series> series = new ArrayList<>();
        for (AccuracyOverWallClock.Curve curve : curves) {
            for (int e = 0; e < curve.seconds().length; e++) {
                csv.add(curve.label(), curve.seed(), e + 1, curve.seconds()[e], curve.testAccuracy()[e]);
            }
            series.add(new Series(curve.label() + " seed " + curve.seed(), curve.label(), curve.seconds(),
                    curve.testAccuracy()));
        }
        csv.write(directory.resolve("accuracy-vs-time.csv"));
        LinePlot.of("Test accuracy over training time, embedded digits, 784 -> " + network.depth() + " x "
                + network.width() + " -> 10", "training seconds", "test accuracy")
                .writePng(directory.resolve("accuracy-vs-time.png"), series);
        MarkdownTable table = new MarkdownTable("run", "final test accuracy (mean ± sd)", "training seconds (mean)",
                "seeds");
        Map<String, double[]> finals = new LinkedHashMap<>();
        for (String label : AccuracyOverWallClock.labels(curves)) {
            List<AccuracyOverWallClock.Curve> of = curves.stream().filter(c -> c.label().equals(label)).toList();
            double[] accuracy = of.stream().mapToDouble(c -> c.testAccuracy()[c.testAccuracy().length - 1]).toArray();
            double seconds = of.stream().mapToDouble(c -> c.seconds()[c.seconds().length - 1]).average().orElseThrow();
            finals.put(label, accuracy);
            String spread = accuracy.length < 2 ? ""
                    : String.format(Locale.ROOT, " ± %.2f", 100 * SampleSpread.standardDeviation(accuracy));
            table.add(label, String.format(Locale.ROOT, "%.2f%%", 100 * SampleSpread.mean(accuracy)) + spread,
                    String.format(Locale.ROOT, "%.1f", seconds), Integer.toString(accuracy.length));
        }
        double[] pipe = finals.get(curves.get(0).label());
        double[] sequential = finals.get(curves.get(1).label());
        double pointsAhead = 100 * (SampleSpread.mean(pipe) - SampleSpread.mean(sequential));
        String gap = String.format(Locale.ROOT, "pipelined minus sequential cSG, final test accuracy: %+.2f points "
                + "(mean over %d seeds, after %d epochs)", pointsAhead, pipe.length, settings.accuracyEpochs());
        out.println();
        out.print(table.text());
        out.println(gap);
        return String.format(Locale.ROOT, "%n## Accuracy over training time%n%nEmbedded digits (7,996 / 2,004), %d "
                        + "epochs, Adam 3e-4, seeds %s; the sequential runs on %d thread%s (the best sequential "
                        + "setting measured above). accuracy-vs-time.png, accuracy-vs-time.csv.%n%n%s%n%s.%n",
                settings.accuracyEpochs(), settings.accuracySeeds(), bestThreads, bestThreads == 1 ? "" : "s",
                table.text(), gap);
    }

    private static String fmt(double samplesPerSecond) {
        return String.format(Locale.ROOT, "%,.0f", samplesPerSecond);
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }

    static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
    }

    static double median(List<Double> values) {
        return ThroughputSamples.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

}
