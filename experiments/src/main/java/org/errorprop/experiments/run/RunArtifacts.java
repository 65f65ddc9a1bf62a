package org.errorprop.experiments.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.Locale;
import java.util.Map;
import org.errorprop.experiments.report.CurvePlot;
import org.errorprop.experiments.report.Series;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.experiments.spec.SpecYaml;
import org.errorprop.framework.training.BoundaryDiagnostics;
import org.errorprop.framework.training.EpochDiagnostics;
import org.errorprop.framework.training.EpochMetrics;

/**
 * The files of one run: {@code spec.yaml} (replayable), {@code provenance.yaml}, {@code metrics.csv},
 * {@code learning-curves.png}, {@code report.md}, {@code status.yaml} ({@link RunStatus}), and when the signals
 * were probed {@code diagnostics.csv}, {@code weights.csv} and {@code diagnostics.png}. A diverged run has the
 * same files, with the epochs it finished, and says where it diverged in its report and status.
 */
public final class RunArtifacts {
    private RunArtifacts() {
    }

    /** Writes the run's files under {@code prefix} ("" for the directory itself, else "runs/x/"). */
    public static void write(OutputDirectory out, String prefix, RunSpec spec, String dataDescription,
                             Map<String, String> provenance, RunResult result) {
        List<EpochMetrics> history = result.history();
        out.writeText(prefix + "spec.yaml", SpecYaml.write(spec));
        out.writeText(prefix + "provenance.yaml",
                Provenance.toYaml(Provenance.ofRun(provenance, spec.matmulPrecision()), spec.seed()));
        out.writeText(prefix + "metrics.csv", MetricsCsv.format(history));
        CurvePlot.writePng(out.file(prefix + "learning-curves.png"),
                spec.method() + ", seed " + spec.seed() + ": learning curves", "epoch",
                List.of(series("train", history, EpochMetrics::trainLoss),
                        series("test", history, EpochMetrics::testLoss)),
                List.of(series("train", history, EpochMetrics::trainAccuracy),
                        series("test", history, EpochMetrics::testAccuracy)));
        out.writeText(prefix + RunStatus.FILE, RunStatus.yaml(result.divergence()));
        String report = report(spec, dataDescription, provenance, result);
        if (!result.diagnostics().isEmpty() && !result.diagnostics().get(0).boundaries().isEmpty()) {
            // (a network without hidden layers has no boundary to probe)
            out.writeText(prefix + "diagnostics.csv", DiagnosticsCsv.signals(result.diagnostics()));
            out.writeText(prefix + "weights.csv", DiagnosticsCsv.weights(result.diagnostics()));
            CurvePlot.writePng(out.file(prefix + "diagnostics.png"),
                    spec.method() + ", seed " + spec.seed() + ": signal against the true gradient", "epoch",
                    "cosine(signal, true gradient)", boundarySeries(result, BoundaryDiagnostics::cosine),
                    "norm ratio |signal| / |true gradient|", boundarySeries(result, BoundaryDiagnostics::normRatio));
            report += diagnosticsSection(result);
        }
        out.writeText(prefix + "report.md", report);
    }

    /** One series per boundary over epochs. */
    static List<Series> boundarySeries(RunResult result, ToDoubleFunction<BoundaryDiagnostics> f) {
        List<Series> series = new ArrayList<>();
        int boundaries = result.diagnostics().get(0).boundaries().size();
        for (int k = 1; k <= boundaries; k++) {
            double[] x = new double[result.diagnostics().size()];
            double[] y = new double[x.length];
            for (int e = 0; e < x.length; e++) {
                EpochDiagnostics epoch = result.diagnostics().get(e);
                x[e] = epoch.epoch();
                y[e] = f.applyAsDouble(epoch.boundaries().get(k - 1));
            }
            series.add(new Series("boundary " + k, x, y));
        }
        return series;
    }

    private static String diagnosticsSection(RunResult result) {
        EpochDiagnostics last = result.diagnostics().get(result.diagnostics().size() - 1);
        StringBuilder md = new StringBuilder("\n## Signals against the true gradient (epoch ").append(last.epoch())
                .append(")\n\n![diagnostics](diagnostics.png)\n\n")
                .append("| boundary | cosine | norm ratio | synthesizer loss |\n|---:|---:|---:|---:|\n");
        for (BoundaryDiagnostics b : last.boundaries()) {
            md.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f | %s |%n", b.boundary(), b.cosine(), b.normRatio(),
                    Double.isNaN(b.learningLoss()) ? "-" : String.format(Locale.ROOT, "%.3g", b.learningLoss())));
        }
        md.append("\nThe true gradient comes from a backprop pass on the side, never used for updates; ")
                .append(last.boundaries().get(0).probedSteps()).append(" steps were probed per epoch. ")
                .append("Weight norms per block: weights.csv.\n");
        return md.toString();
    }

    static Series series(String name, List<EpochMetrics> history, java.util.function.ToDoubleFunction<EpochMetrics> f) {
        double[] x = new double[history.size()];
        double[] y = new double[history.size()];
        for (int i = 0; i < history.size(); i++) {
            x[i] = history.get(i).epoch();
            y[i] = f.applyAsDouble(history.get(i));
        }
        return new Series(name, x, y);
    }

    private static String report(RunSpec spec, String dataDescription, Map<String, String> provenance,
                                 RunResult result) {
        List<EpochMetrics> history = result.history();
        double seconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        StringBuilder md = new StringBuilder();
        md.append("# Run: ").append(spec.method()).append(", seed ").append(spec.seed()).append("\n\n");
        result.divergence().ifPresent(d -> md.append("**Status: diverged.** ").append(capitalised(d.describe()))
                .append("; the run stopped there. The table and curves below hold the ").append(history.size())
                .append(history.size() == 1 ? " epoch" : " epochs").append(" it finished before; status.yaml has ")
                .append("where (").append(d.where()).append(") and the value.\n\n"));
        if (!history.isEmpty()) {
            EpochMetrics last = history.get(history.size() - 1);
            md.append(String.format(Locale.ROOT, "Test accuracy after %d epochs: **%.2f%%** (test loss %.4f); "
                            + "training took %.1f s.%n%n", last.epoch(), 100 * last.testAccuracy(), last.testLoss(),
                    seconds));
        }
        md.append("- data: ").append(dataDescription).append('\n');
        md.append("- network: hidden ").append(spec.hiddenWidths()).append(", ")
                .append(spec.activation().name().toLowerCase(Locale.ROOT))
                .append(spec.batchNorm() ? ", BatchNorm after every linear map" : "")
                .append(spec.bias() ? ", with biases" : ", no biases").append('\n');
        md.append("- loss: ").append(spec.loss().name().toLowerCase(Locale.ROOT)).append("; optimiser: ")
                .append(spec.optimizerSpec().describe()).append("; batch ").append(spec.batchSize()).append('\n');
        md.append("- BLAS: ").append(provenance.get("blas_backend")).append(", products in ")
                .append(spec.matmulPrecision().label()).append("; code: ")
                .append(provenance.get("errorprop_revision")).append("\n\n");
        md.append("![learning curves](learning-curves.png)\n\n");
        md.append("| epoch | train loss | train acc | test loss | test acc | seconds |\n");
        md.append("|---:|---:|---:|---:|---:|---:|\n");
        for (EpochMetrics m : history) {
            md.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f | %.4f | %.4f | %.2f |%n", m.epoch(),
                    m.trainLoss(), m.trainAccuracy(), m.testLoss(), m.testAccuracy(), m.seconds()));
        }
        md.append("\nTrain loss and accuracy are measured on each batch before its update, in training mode; "
                + "test figures after the epoch, in evaluation mode.\n");
        return md.toString();
    }

    private static String capitalised(String sentence) {
        return Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1);
    }
}
