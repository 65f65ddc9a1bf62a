package org.errorprop.experiments.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.errorprop.framework.training.EpochMetrics;

/**
 * The results of a comparison: every (method, seed) run's history, and per method the mean and
 * sample standard deviation over seeds of the final epoch's figures.
 */
public final class ComparisonSummary {
    public static final String CSV_HEADER = "method,seed,epochs,test_accuracy,test_loss,train_accuracy,train_loss,seconds";

    private final Map<String, Map<Long, List<EpochMetrics>>> runs = new LinkedHashMap<>();

    public void add(String method, long seed, List<EpochMetrics> history) {
        runs.computeIfAbsent(method, m -> new LinkedHashMap<>()).put(seed, List.copyOf(history));
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
