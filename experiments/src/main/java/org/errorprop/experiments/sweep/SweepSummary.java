package org.errorprop.experiments.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.errorprop.experiments.report.CsvTable;
import org.errorprop.experiments.report.CurvePlot;
import org.errorprop.experiments.report.LinePlot;
import org.errorprop.experiments.report.MarkdownTable;
import org.errorprop.experiments.report.Series;
import org.errorprop.experiments.sweep.SweepResults.CellResult;
import org.errorprop.framework.training.EpochMetrics;

/**
 * What {@code sweep merge} writes from a sweep's {@link SweepResults}: {@code summary.csv} (one row per cell, sorted
 * by id, timing columns last), the report with mean ± sd over seeds per setting, and its plots.
 */
public final class SweepSummary {
    /** Timing columns start with this and come last, so a comparison of two summaries can drop them. */
    public static final String TIMING_PREFIX = "seconds";

    private SweepSummary() {
    }

    /**
     * {@code summary.csv}: {@code cell}, every grid key (empty where the cell's rule does not take that option),
     * {@code status}, {@code epochs} (finished), the last epoch's {@code final_train_loss},
     * {@code final_train_accuracy}, {@code final_test_loss}, {@code final_test_accuracy} (empty when none
     * finished), and last the timing column {@code seconds_total}.
     */
    public static String csv(SweepResults results) {
        SweepSpec spec = results.spec();
        List<String> header = new ArrayList<>(List.of("cell"));
        header.addAll(spec.grid().keySet());
        header.addAll(List.of("status", "epochs", "final_train_loss", "final_train_accuracy", "final_test_loss",
                "final_test_accuracy", TIMING_PREFIX + "_total"));
        CsvTable table = new CsvTable(header.toArray(String[]::new));
        for (CellResult row : results.cells()) {
            List<Object> values = new ArrayList<>(List.of(row.cell().id()));
            for (String key : spec.grid().keySet()) {
                values.add(row.cell().values().getOrDefault(key, ""));
            }
            EpochMetrics last = row.last();
            values.add(row.status().label());
            values.add(row.history().size());
            if (last == null) {
                values.addAll(List.of("", "", "", ""));
            } else {
                values.addAll(List.of(last.trainLoss(), last.trainAccuracy(), last.testLoss(), last.testAccuracy()));
            }
            values.add(row.seconds());
            table.add(values.toArray());
        }
        return table.text();
    }

    /** {@code report.md}: per setting (a grid point without the seed), mean ± sd over its complete cells. */
    public static String report(SweepResults results, String accuracyPlot, String curvesPlot) {
        SweepSpec spec = results.spec();
        Map<Map<String, Object>, List<CellResult>> settings = settings(results);
        List<String> keys = new ArrayList<>(spec.grid().keySet());
        keys.remove("seed");
        List<String> header = new ArrayList<>(keys);
        header.addAll(List.of("cells", "diverged", "final test accuracy (mean ± sd)", "final test loss (mean ± sd)",
                "final train loss (mean)", "seconds per cell (mean)"));
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        settings.forEach((setting, members) -> {
            List<String> cells = new ArrayList<>();
            for (String key : keys) {
                cells.add(String.valueOf(setting.getOrDefault(key, "-")));
            }
            List<CellResult> complete = members.stream().filter(r -> r.status() == CellStatus.COMPLETE).toList();
            SummaryStatistics accuracy = stats(complete, EpochMetrics::testAccuracy);
            SummaryStatistics testLoss = stats(complete, EpochMetrics::testLoss);
            SummaryStatistics trainLoss = stats(complete, EpochMetrics::trainLoss);
            SummaryStatistics seconds = new SummaryStatistics();
            members.forEach(r -> seconds.addValue(r.seconds()));
            cells.add(Integer.toString(members.size()));
            cells.add(Integer.toString(members.size() - complete.size()));
            cells.add(complete.isEmpty() ? "-" : String.format(Locale.ROOT, "%.2f%% ± %.2f",
                    100 * accuracy.getMean(), 100 * sd(accuracy)));
            cells.add(complete.isEmpty() ? "-" : String.format(Locale.ROOT, "%.4f ± %.4f", testLoss.getMean(),
                    sd(testLoss)));
            cells.add(complete.isEmpty() ? "-" : String.format(Locale.ROOT, "%.4f", trainLoss.getMean()));
            cells.add(String.format(Locale.ROOT, "%.1f", seconds.getMean()));
            table.add(cells.toArray(String[]::new));
        });
        return "# Sweep: " + results.cells().size() + " cells, " + settings.size() + " settings\n\n"
                + "Merged from " + String.join(", ", results.sources()) + "; every cell present once. " + results.diverged()
                + " diverged (left out of the means, counted in their column). Mean ± sample sd over the seeds of each "
                + "setting (a grid point without the seed); one row per cell in summary.csv.\n\n"
                + table.text()
                + "\n![final test accuracy per setting](" + accuracyPlot + ")\n\n"
                + "![learning curves, mean over seeds](" + curvesPlot + ")\n\n"
                + "The sweep spec:\n\n```yaml\n" + spec.text().strip() + "\n```\n";
    }

    /** The final test accuracy of every complete cell, one vertical strip per setting, and the mean curves. */
    public static void writePlots(SweepResults results, Path accuracyPng, Path curvesPng) {
        Map<Map<String, Object>, List<CellResult>> settings = settings(results);
        List<Series> strips = new ArrayList<>();
        List<Series> losses = new ArrayList<>();
        List<Series> accuracies = new ArrayList<>();
        int index = 0;
        for (Map.Entry<Map<String, Object>, List<CellResult>> entry : settings.entrySet()) {
            index++;
            String label = index + ": " + label(entry.getKey());
            String group = String.valueOf(entry.getKey().getOrDefault("method", label));
            List<CellResult> complete = entry.getValue().stream().filter(r -> r.status() == CellStatus.COMPLETE).toList();
            double[] y = complete.stream().mapToDouble(r -> r.last().testAccuracy()).sorted().toArray();
            double[] x = new double[y.length];
            java.util.Arrays.fill(x, index);
            strips.add(new Series(label, group, x, y));
            losses.add(meanCurve(label, group, complete, EpochMetrics::testLoss));
            accuracies.add(meanCurve(label, group, complete, EpochMetrics::testAccuracy));
        }
        LinePlot.of("Final test accuracy of each seed, per setting", "setting (row of the report's table)",
                "test accuracy").writePng(accuracyPng, strips);
        CurvePlot.writePng(curvesPng, "Test loss and accuracy, mean over seeds per setting", "epoch", losses,
                accuracies);
    }

    private static Map<Map<String, Object>, List<CellResult>> settings(SweepResults results) {
        Map<Map<String, Object>, List<CellResult>> settings = new LinkedHashMap<>();
        for (CellResult row : results.cells()) {
            settings.computeIfAbsent(row.cell().setting(), s -> new ArrayList<>()).add(row);
        }
        return settings;
    }

    /** Mean over the runs at each epoch all of them reached. */
    private static Series meanCurve(String label, String group, List<CellResult> runs,
                                    ToDoubleFunction<EpochMetrics> metric) {
        int epochs = runs.stream().mapToInt(r -> r.history().size()).min().orElse(0);
        double[] x = new double[epochs];
        double[] y = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            x[e] = e + 1;
            for (CellResult run : runs) {
                y[e] += metric.applyAsDouble(run.history().get(e)) / runs.size();
            }
        }
        return new Series(label, group, x, y);
    }

    private static String label(Map<String, Object> setting) {
        if (setting.isEmpty()) {
            return "all";
        }
        List<String> parts = new ArrayList<>();
        setting.forEach((key, value) -> parts.add(key + "=" + value));
        return String.join(", ", parts);
    }

    private static SummaryStatistics stats(List<CellResult> rows, ToDoubleFunction<EpochMetrics> metric) {
        SummaryStatistics stats = new SummaryStatistics();
        rows.forEach(r -> stats.addValue(metric.applyAsDouble(r.last())));
        return stats;
    }

    private static double sd(SummaryStatistics stats) {
        return stats.getN() > 1 ? stats.getStandardDeviation() : 0.0;
    }

}
