package org.errorprop.experiments.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.errorprop.experiments.report.CsvTable;
import org.errorprop.experiments.report.CurvePlot;
import org.errorprop.experiments.report.LinePlot;
import org.errorprop.experiments.report.MarkdownTable;
import org.errorprop.experiments.report.Series;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.methods.MethodCatalog;

/**
 * One sweep's results gathered from its directories (the shards' or one), checked complete: every cell of the
 * sweep present exactly once, every directory holding the same sweep. Gives {@code summary.csv} (one row per cell,
 * sorted by id, timing columns last), the report with mean ± sd over seeds per setting, and its plots.
 */
public final class SweepSummary {
    /** Timing columns start with this and come last, so a comparison of two summaries can drop them. */
    public static final String TIMING_PREFIX = "seconds";
    private static final int NAMED_IN_A_LINE = 6;

    private final SweepSpec spec;
    private final List<String> sources;
    private final List<Row> rows;

    /** One cell's results. */
    private record Row(SweepCell cell, CellStatus status, List<EpochMetrics> history) {
        EpochMetrics last() {
            return history.isEmpty() ? null : history.get(history.size() - 1);
        }

        double seconds() {
            return history.stream().mapToDouble(EpochMetrics::seconds).sum();
        }
    }

    private SweepSummary(SweepSpec spec, List<String> sources, List<Row> rows) {
        this.spec = spec;
        this.sources = sources;
        this.rows = rows;
    }

    /** Gathers the sweep in {@code dirs}; a missing cell, a cell found twice or another sweep is refused. */
    public static SweepSummary merge(MethodCatalog catalog, List<Path> dirs) {
        if (dirs.isEmpty()) {
            throw new InvalidInputException("give at least one sweep directory to merge");
        }
        List<SweepDirectory> directories = new ArrayList<>();
        Map<Path, Path> seen = new HashMap<>();
        for (Path dir : dirs) {
            SweepDirectory directory = SweepDirectory.existing(dir, catalog);
            Path real;
            try {
                real = directory.root().toRealPath();
            } catch (IOException e) {
                throw new InvalidInputException("cannot read sweep directory " + dir + ": " + e.getMessage(), e);
            }
            Path before = seen.putIfAbsent(real, dir);
            if (before != null) {
                throw new InvalidInputException("sweep directory " + dir + " is given twice (also as " + before + ")");
            }
            if (!directories.isEmpty() && !ids(directories.get(0).cells()).equals(ids(directory.cells()))) {
                throw new InvalidInputException(dir + " holds another sweep than " + directories.get(0).shown()
                        + " (their " + SweepSpec.FILE + " give other cells); merge the shards of one sweep");
            }
            directories.add(directory);
        }
        SweepDirectory first = directories.get(0);
        Map<String, List<SweepDirectory>> found = new TreeMap<>();
        for (SweepDirectory directory : directories) {
            for (String id : directory.finishedCells()) {
                found.computeIfAbsent(id, k -> new ArrayList<>()).add(directory);
            }
        }
        List<String> twice = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        List<String> expected = ids(first.cells());
        found.forEach((id, where) -> {
            if (!expected.contains(id)) {
                foreign.add(id + " (in " + where.get(0).shown() + ")");
            } else if (where.size() > 1) {
                twice.add(id + " (in " + String.join(", ", where.stream().map(d -> d.shown().toString()).toList())
                        + ")");
            }
        });
        if (!foreign.isEmpty()) {
            throw new InvalidInputException(foreign.size() + " cell directories are not cells of this sweep: "
                    + named(foreign));
        }
        if (!twice.isEmpty()) {
            throw new InvalidInputException(twice.size() + " cells are present more than once: " + named(twice)
                    + "; merge each cell once");
        }
        List<String> missing = expected.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException(missing.size() + " of " + expected.size() + " cells are missing: "
                    + named(missing) + "; rerun the sweep (or the lost shard) on its directory, then merge again");
        }
        List<Row> rows = new ArrayList<>();
        for (SweepCell cell : first.cells()) {
            Path run = found.get(cell.id()).get(0).cell(cell.id());
            rows.add(new Row(cell, CellStatus.of(run), CellMetrics.read(run)));
        }
        return new SweepSummary(first.spec(), dirs.stream().map(Path::toString).toList(), List.copyOf(rows));
    }

    /** The cells merged. */
    public int cells() {
        return rows.size();
    }

    /** The cells that diverged. */
    public int diverged() {
        return (int) rows.stream().filter(row -> row.status() == CellStatus.DIVERGED).count();
    }

    /**
     * {@code summary.csv}: {@code cell}, every grid key (empty where the cell's rule does not take that option),
     * {@code status}, {@code epochs} (finished), the last epoch's {@code final_train_loss},
     * {@code final_train_accuracy}, {@code final_test_loss}, {@code final_test_accuracy} (empty when none
     * finished), and last the timing column {@code seconds_total}.
     */
    public String csv() {
        List<String> header = new ArrayList<>(List.of("cell"));
        header.addAll(spec.grid().keySet());
        header.addAll(List.of("status", "epochs", "final_train_loss", "final_train_accuracy", "final_test_loss",
                "final_test_accuracy", TIMING_PREFIX + "_total"));
        CsvTable table = new CsvTable(header.toArray(String[]::new));
        for (Row row : rows) {
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
    public String report(String accuracyPlot, String curvesPlot) {
        Map<Map<String, Object>, List<Row>> settings = settings();
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
            List<Row> complete = members.stream().filter(r -> r.status() == CellStatus.COMPLETE).toList();
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
        return "# Sweep: " + rows.size() + " cells, " + settings.size() + " settings\n\n"
                + "Merged from " + String.join(", ", sources) + "; every cell present once. " + diverged()
                + " diverged (left out of the means, counted in their column). Mean ± sample sd over the seeds of each "
                + "setting (a grid point without the seed); one row per cell in summary.csv.\n\n"
                + table.text()
                + "\n![final test accuracy per setting](" + accuracyPlot + ")\n\n"
                + "![learning curves, mean over seeds](" + curvesPlot + ")\n\n"
                + "The sweep spec:\n\n```yaml\n" + spec.text().strip() + "\n```\n";
    }

    /** The final test accuracy of every complete cell, one vertical strip per setting, and the mean curves. */
    public void writePlots(Path accuracyPng, Path curvesPng) {
        Map<Map<String, Object>, List<Row>> settings = settings();
        List<Series> strips = new ArrayList<>();
        List<Series> losses = new ArrayList<>();
        List<Series> accuracies = new ArrayList<>();
        int index = 0;
        for (Map.Entry<Map<String, Object>, List<Row>> entry : settings.entrySet()) {
            index++;
            String label = index + ": " + label(entry.getKey());
            String group = String.valueOf(entry.getKey().getOrDefault("method", label));
            List<Row> complete = entry.getValue().stream().filter(r -> r.status() == CellStatus.COMPLETE).toList();
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

    private Map<Map<String, Object>, List<Row>> settings() {
        Map<Map<String, Object>, List<Row>> settings = new LinkedHashMap<>();
        for (Row row : rows) {
            settings.computeIfAbsent(row.cell().setting(), s -> new ArrayList<>()).add(row);
        }
        return settings;
    }

    /** Mean over the runs at each epoch all of them reached. */
    private static Series meanCurve(String label, String group, List<Row> runs,
                                    ToDoubleFunction<EpochMetrics> metric) {
        int epochs = runs.stream().mapToInt(r -> r.history().size()).min().orElse(0);
        double[] x = new double[epochs];
        double[] y = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            x[e] = e + 1;
            for (Row run : runs) {
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

    private static SummaryStatistics stats(List<Row> rows, ToDoubleFunction<EpochMetrics> metric) {
        SummaryStatistics stats = new SummaryStatistics();
        rows.forEach(r -> stats.addValue(metric.applyAsDouble(r.last())));
        return stats;
    }

    private static double sd(SummaryStatistics stats) {
        return stats.getN() > 1 ? stats.getStandardDeviation() : 0.0;
    }

    private static String named(List<String> items) {
        List<String> shown = items.subList(0, Math.min(items.size(), NAMED_IN_A_LINE));
        return String.join(", ", shown) + (items.size() > shown.size() ? " and " + (items.size() - shown.size())
                + " more" : "");
    }

    private static List<String> ids(List<SweepCell> cells) {
        return cells.stream().map(SweepCell::id).toList();
    }
}
