package org.errorprop.experiments.bench;

import java.util.List;
import java.util.Locale;
import org.errorprop.experiments.report.CsvTable;
import org.errorprop.experiments.report.MarkdownTable;

/**
 * A bench's results as a Markdown table and as CSV: each side's best and median samples per second; for errorprop's
 * sides the best run's GFLOP/s and its share of the best gemm rate of its precision (dgemm for {@code errorprop},
 * sgemm for {@code errorprop-f32mm}), and the ratios to the peer, best against best and median against median. The
 * products-only rows ({@link StepProductsThroughput}) are reported the same way: their ratio to the peer is the
 * ceiling of the training row's.
 *
 * @param results each side's runs, in the order first measured
 * @param dgemm   the best dgemm rate of the run, GFLOP/s
 * @param sgemm   the best sgemm rate of the run, GFLOP/s (NaN when no float32 side ran)
 */
public record BenchReport(List<ThroughputSamples.Summary> results, double dgemm, double sgemm) {

    public String markdown() {
        MarkdownTable table = new MarkdownTable("method", "depth", "impl", "runs", "best samples/s",
                "median samples/s", "GFLOP/s (best)", "% of gemm", "x pytorch-f64 (best / median)",
                "x pytorch-f32 (best / median)");
        for (ThroughputSamples.Summary s : results) {
            Throughput best = s.best();
            boolean ours = isOurs(best);
            table.add(best.method(), Integer.toString(best.depth()), best.implementation(), Integer.toString(s.runs()),
                    String.format(Locale.ROOT, "%.0f", best.samplesPerSecond()),
                    String.format(Locale.ROOT, "%.0f", s.medianSamples()),
                    ours ? String.format(Locale.ROOT, "%.1f", best.gflopsPerSecond()) : "",
                    ours ? String.format(Locale.ROOT, "%.0f%%", 100 * best.gflopsPerSecond() / peak(best)) : "",
                    ours ? ratio(s, "pytorch-f64") : "", ours ? ratio(s, "pytorch-f32") : "");
        }
        return table.text();
    }

    /** {@code method,depth,impl,samples_per_second (best),gflops_per_second (best),median_samples_per_second,runs,
     * gemm_gflops_per_second} (the gemm rate of the row's precision, NaN for the peer). */
    public String csv() {
        CsvTable table = new CsvTable("method", "depth", "impl", "samples_per_second", "gflops_per_second",
                "median_samples_per_second", "runs", "gemm_gflops_per_second");
        for (ThroughputSamples.Summary s : results) {
            Throughput t = s.best();
            table.add(t.method(), t.depth(), t.implementation(), t.samplesPerSecond(), t.gflopsPerSecond(),
                    s.medianSamples(), s.runs(), isOurs(t) ? peak(t) : Double.NaN);
        }
        return table.text();
    }

    private static boolean isOurs(Throughput t) {
        String name = baseName(t);
        return name.equals(TrainingThroughput.DOUBLE_PRODUCTS) || name.equals(TrainingThroughput.FLOAT32_PRODUCTS);
    }

    /** The training side a row belongs to: its name without {@link StepProductsThroughput#SUFFIX}. */
    private static String baseName(Throughput t) {
        String name = t.implementation();
        return name.endsWith(StepProductsThroughput.SUFFIX)
                ? name.substring(0, name.length() - StepProductsThroughput.SUFFIX.length()) : name;
    }

    private double peak(Throughput t) {
        return baseName(t).equals(TrainingThroughput.FLOAT32_PRODUCTS) ? sgemm : dgemm;
    }

    private String ratio(ThroughputSamples.Summary ours, String implementation) {
        return results.stream()
                .filter(t -> t.side().implementation().equals(implementation)
                        && t.side().method().equals(ours.side().method()) && t.side().depth() == ours.side().depth())
                .findFirst()
                .map(t -> String.format(Locale.ROOT, "%.2f / %.2f",
                        ours.best().samplesPerSecond() / t.best().samplesPerSecond(),
                        ours.medianSamples() / t.medianSamples()))
                .orElse("");
    }
}
