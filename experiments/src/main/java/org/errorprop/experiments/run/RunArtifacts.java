package org.errorprop.experiments.run;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.errorprop.experiments.report.CurvePlot;
import org.errorprop.experiments.report.Series;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.experiments.spec.SpecYaml;
import org.errorprop.framework.training.EpochMetrics;

/**
 * The files of one run: {@code spec.yaml} (replayable), {@code provenance.yaml}, {@code metrics.csv},
 * {@code learning-curves.png} and {@code report.md}.
 */
public final class RunArtifacts {
    private RunArtifacts() {
    }

    /** Writes the run's files under {@code prefix} ("" for the directory itself, else "runs/x/"). */
    public static void write(OutputDirectory out, String prefix, RunSpec spec, String dataDescription,
                             Map<String, String> provenance, List<EpochMetrics> history) {
        out.writeText(prefix + "spec.yaml", SpecYaml.write(spec));
        out.writeText(prefix + "provenance.yaml", Provenance.toYaml(provenance, spec.seed()));
        out.writeText(prefix + "metrics.csv", MetricsCsv.format(history));
        CurvePlot.writePng(out.file(prefix + "learning-curves.png"),
                spec.method() + ", seed " + spec.seed() + ": learning curves", "epoch",
                List.of(series("train", history, EpochMetrics::trainLoss),
                        series("test", history, EpochMetrics::testLoss)),
                List.of(series("train", history, EpochMetrics::trainAccuracy),
                        series("test", history, EpochMetrics::testAccuracy)));
        out.writeText(prefix + "report.md", report(spec, dataDescription, provenance, history));
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
                                 List<EpochMetrics> history) {
        EpochMetrics last = history.get(history.size() - 1);
        double seconds = history.stream().mapToDouble(EpochMetrics::seconds).sum();
        StringBuilder md = new StringBuilder();
        md.append("# Run: ").append(spec.method()).append(", seed ").append(spec.seed()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Test accuracy after %d epochs: **%.2f%%** (test loss %.4f); "
                        + "training took %.1f s.%n%n", last.epoch(), 100 * last.testAccuracy(), last.testLoss(),
                seconds));
        md.append("- data: ").append(dataDescription).append('\n');
        md.append("- network: hidden ").append(spec.hiddenWidths()).append(", ")
                .append(spec.activation().name().toLowerCase(Locale.ROOT))
                .append(spec.batchNorm() ? ", BatchNorm after every linear map" : "")
                .append(spec.bias() ? ", with biases" : ", no biases").append('\n');
        md.append("- loss: ").append(spec.loss().name().toLowerCase(Locale.ROOT)).append("; optimiser: ")
                .append(spec.optimizerSpec().describe()).append("; batch ").append(spec.batchSize()).append('\n');
        md.append("- BLAS: ").append(provenance.get("blas_backend")).append("; code: ")
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
}
