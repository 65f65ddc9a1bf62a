package org.errorprop.experiments.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.errorprop.experiments.report.Series;
import org.errorprop.framework.training.BoundaryDiagnostics;
import org.errorprop.framework.training.EpochDiagnostics;
import org.errorprop.framework.training.EpochMetrics;

/**
 * The results of a comparison: every (method, seed) run's history, and per method the mean and
 * sample standard deviation over seeds of the final epoch's figures.
 */
public final class ComparisonSummary {
    public static final String CSV_HEADER = "method,seed,epochs,test_accuracy,test_loss,train_accuracy,train_loss,seconds";

    private final Map<String, Map<Long, List<EpochMetrics>>> runs = new LinkedHashMap<>();
    private final Map<String, Map<Long, List<EpochDiagnostics>>> diagnostics = new LinkedHashMap<>();

    public void add(String method, long seed, RunResult result) {
        runs.computeIfAbsent(method, m -> new LinkedHashMap<>()).put(seed, result.history());
        diagnostics.computeIfAbsent(method, m -> new LinkedHashMap<>()).put(seed, result.diagnostics());
    }

    /** Per method and boundary, the mean over seeds of a diagnostic at each epoch (NaN values skipped). */
    public List<Series> meanDiagnostics(java.util.function.ToDoubleFunction<BoundaryDiagnostics> metric) {
        List<Series> curves = new ArrayList<>();
        diagnostics.forEach((method, bySeed) -> {
            List<EpochDiagnostics> first = bySeed.values().iterator().next();
            if (first.isEmpty()) {
                return;
            }
            int boundaries = first.get(0).boundaries().size();
            for (int k = 0; k < boundaries; k++) {
                double[] x = new double[first.size()];
                double[] y = new double[first.size()];
                for (int e = 0; e < first.size(); e++) {
                    x[e] = first.get(e).epoch();
                    SummaryStatistics stats = new SummaryStatistics();
                    for (List<EpochDiagnostics> run : bySeed.values()) {
                        double value = metric.applyAsDouble(run.get(e).boundaries().get(k));
                        if (!Double.isNaN(value)) {
                            stats.addValue(value);
                        }
                    }
                    y[e] = stats.getN() == 0 ? Double.NaN : stats.getMean();
                }
                curves.add(new Series(method + " b" + (k + 1), method, x, y));
            }
        });
        return curves;
    }

    /** One row per run: the final epoch; {@code seconds} is the total training time. */
    public String csv() {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        runs.forEach((method, bySeed) -> bySeed.forEach((seed, history) -> {
            EpochMetrics last = history.get(history.size() - 1);
            out.append(method).append(',').append(seed).append(',').append(last.epoch()).append(',')
                    .append(last.testAccuracy()).append(',').append(last.testLoss()).append(',')
                    .append(last.trainAccuracy()).append(',').append(last.trainLoss()).append(',')
                    .append(history.stream().mapToDouble(EpochMetrics::seconds).sum()).append('\n');
        }));
        return out.toString();
    }

    /** Mean and sample standard deviation over seeds of the final test accuracy. */
    public SummaryStatistics finalTestAccuracy(String method) {
        SummaryStatistics stats = new SummaryStatistics();
        runs.get(method).values().forEach(h -> stats.addValue(h.get(h.size() - 1).testAccuracy()));
        return stats;
    }

    public String markdownTable() {
        StringBuilder md = new StringBuilder();
        md.append("| method | seeds | final test accuracy (mean ± sd) | final test loss (mean) | seconds per run (mean) |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (String method : runs.keySet()) {
            SummaryStatistics accuracy = finalTestAccuracy(method);
            SummaryStatistics loss = new SummaryStatistics();
            SummaryStatistics seconds = new SummaryStatistics();
            runs.get(method).values().forEach(h -> {
                loss.addValue(h.get(h.size() - 1).testLoss());
                seconds.addValue(h.stream().mapToDouble(EpochMetrics::seconds).sum());
            });
            md.append(String.format(Locale.ROOT, "| %s | %d | %.2f%% ± %.2f | %.4f | %.1f |%n", method,
                    accuracy.getN(), 100 * accuracy.getMean(), 100 * sd(accuracy), loss.getMean(), seconds.getMean()));
        }
        return md.toString();
    }

    /** Per method, the mean over seeds of a metric at each epoch. */
    public List<Series> meanCurves(java.util.function.ToDoubleFunction<EpochMetrics> metric) {
        List<Series> curves = new ArrayList<>();
        runs.forEach((method, bySeed) -> {
            int epochs = bySeed.values().iterator().next().size();
            double[] x = new double[epochs];
            double[] y = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                x[e] = e + 1;
                for (List<EpochMetrics> history : bySeed.values()) {
                    y[e] += metric.applyAsDouble(history.get(e)) / bySeed.size();
                }
            }
            curves.add(new Series(method, x, y));
        });
        return curves;
    }

    private static double sd(SummaryStatistics stats) {
        return stats.getN() > 1 ? stats.getStandardDeviation() : 0.0;
    }
}
