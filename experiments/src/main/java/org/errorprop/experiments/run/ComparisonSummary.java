package org.errorprop.experiments.run;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.errorprop.experiments.report.Series;
import org.errorprop.framework.training.BoundaryDiagnostics;
import org.errorprop.framework.training.Divergence;
import org.errorprop.framework.training.EpochDiagnostics;
import org.errorprop.framework.training.EpochMetrics;

/**
 * The results of a comparison: every (method, seed) run's history, and per method the mean and
 * sample standard deviation over seeds of the final epoch's figures. A diverged run keeps its row (status
 * {@code diverged}, the figures of the last epoch it finished) but is left out of the means; a method's mean
 * curves stop at the last epoch every one of its runs finished.
 */
public final class ComparisonSummary {
    public static final String CSV_HEADER =
            "method,seed,epochs,test_accuracy,test_loss,train_accuracy,train_loss,seconds,status";

    private final Map<String, Map<Long, List<EpochMetrics>>> runs = new LinkedHashMap<>();
    private final Map<String, Map<Long, List<EpochDiagnostics>>> diagnostics = new LinkedHashMap<>();
    private final Map<String, Map<Long, Divergence>> divergences = new LinkedHashMap<>();

    public void add(String method, long seed, RunResult result) {
        runs.computeIfAbsent(method, m -> new LinkedHashMap<>()).put(seed, result.history());
        diagnostics.computeIfAbsent(method, m -> new LinkedHashMap<>()).put(seed, result.diagnostics());
        Map<Long, Divergence> diverged = divergences.computeIfAbsent(method, m -> new LinkedHashMap<>());
        result.divergence().ifPresent(d -> diverged.put(seed, d));
    }

    /** Whether any run diverged. */
    public boolean anyDiverged() {
        return divergences.values().stream().anyMatch(bySeed -> !bySeed.isEmpty());
    }

    /** Per method and boundary, the mean over seeds of a diagnostic at each epoch (NaN values skipped). */
    public List<Series> meanDiagnostics(java.util.function.ToDoubleFunction<BoundaryDiagnostics> metric) {
        List<Series> curves = new ArrayList<>();
        diagnostics.forEach((method, bySeed) -> {
            List<EpochDiagnostics> first = bySeed.values().iterator().next();
            int epochs = bySeed.values().stream().mapToInt(List::size).min().orElse(0);
            if (epochs == 0) {
                return;
            }
            int boundaries = first.get(0).boundaries().size();
            for (int k = 0; k < boundaries; k++) {
                double[] x = new double[epochs];
                double[] y = new double[epochs];
                for (int e = 0; e < epochs; e++) {
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

    /**
     * One row per run: its last finished epoch (empty figures when it finished none); {@code seconds} is the total
     * training time; {@code status} is {@code complete} or {@code diverged} (where: the run's status.yaml).
     */
    public String csv() {
        StringBuilder out = new StringBuilder(CSV_HEADER).append('\n');
        runs.forEach((method, bySeed) -> bySeed.forEach((seed, history) -> {
            out.append(method).append(',').append(seed).append(',').append(history.size()).append(',');
            if (history.isEmpty()) {
                out.append(",,,,");
            } else {
                EpochMetrics last = history.get(history.size() - 1);
                out.append(last.testAccuracy()).append(',').append(last.testLoss()).append(',')
                        .append(last.trainAccuracy()).append(',').append(last.trainLoss()).append(',');
            }
            out.append(history.stream().mapToDouble(EpochMetrics::seconds).sum()).append(',')
                    .append(RunStatus.word(Optional.ofNullable(divergences.get(method).get(seed)))).append('\n');
        }));
        return out.toString();
    }

    /** Mean and sample standard deviation over the seeds that did not diverge of the final test accuracy. */
    public SummaryStatistics finalTestAccuracy(String method) {
        SummaryStatistics stats = new SummaryStatistics();
        completeRuns(method).forEach(h -> stats.addValue(h.get(h.size() - 1).testAccuracy()));
        return stats;
    }

    private List<List<EpochMetrics>> completeRuns(String method) {
        List<List<EpochMetrics>> complete = new ArrayList<>();
        runs.get(method).forEach((seed, history) -> {
            if (!divergences.get(method).containsKey(seed)) {
                complete.add(history);
            }
        });
        return complete;
    }

    /** Means over the runs that finished; the status column names each diverged run and where it diverged. */
    public String markdownTable() {
        StringBuilder md = new StringBuilder();
        md.append("| method | seeds | final test accuracy (mean ± sd) | final test loss (mean) | seconds per run (mean) "
                + "| status |\n");
        md.append("|---|---:|---:|---:|---:|---|\n");
        for (String method : runs.keySet()) {
            SummaryStatistics accuracy = finalTestAccuracy(method);
            SummaryStatistics loss = new SummaryStatistics();
            SummaryStatistics seconds = new SummaryStatistics();
            completeRuns(method).forEach(h -> {
                loss.addValue(h.get(h.size() - 1).testLoss());
                seconds.addValue(h.stream().mapToDouble(EpochMetrics::seconds).sum());
            });
            String figures = accuracy.getN() == 0 ? "- | - | -" : String.format(Locale.ROOT,
                    "%.2f%% ± %.2f | %.4f | %.1f", 100 * accuracy.getMean(), 100 * sd(accuracy), loss.getMean(),
                    seconds.getMean());
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", method, accuracy.getN(), figures,
                    status(method)));
        }
        return md.toString();
    }

    private String status(String method) {
        Map<Long, Divergence> diverged = divergences.get(method);
        if (diverged.isEmpty()) {
            return "complete";
        }
        List<String> each = new ArrayList<>();
        diverged.forEach((seed, d) -> each.add("seed " + seed + ": " + d.describe()));
        return "diverged: " + String.join("; ", each);
    }

    /** Per method, the mean over seeds of a metric at each epoch, up to the last epoch all its runs finished. */
    public List<Series> meanCurves(java.util.function.ToDoubleFunction<EpochMetrics> metric) {
        List<Series> curves = new ArrayList<>();
        runs.forEach((method, bySeed) -> {
            int epochs = bySeed.values().stream().mapToInt(List::size).min().orElse(0);
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
