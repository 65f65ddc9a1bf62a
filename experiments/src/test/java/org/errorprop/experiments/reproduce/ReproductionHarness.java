package org.errorprop.experiments.reproduce;

import java.nio.file.Path;
import org.errorprop.experiments.data.EmbeddedDigits;
import org.errorprop.experiments.run.OutputDirectory;
import org.errorprop.experiments.run.OutputKind;
import org.errorprop.framework.compute.Compute;

/** Runs one experiment into a directory, for smoke tests: embedded digits, no progress display. */
public final class ReproductionHarness {
    private static final Compute COMPUTE = Compute.sequential();

    private ReproductionHarness() {
    }

    /** Runs {@code experiment} at {@code scale} with master seed {@code seed}; its files land in {@code directory}. */
    public static ExperimentReport run(Experiment experiment, Scale scale, long seed, Path directory) {
        try (OutputDirectory output = OutputDirectory.create(directory, OutputKind.REPRODUCTION)) {
            ReproductionContext context = new ReproductionContext(scale, seed, new EmbeddedDigits(), output,
                    ProgressFactory.SILENT, COMPUTE);
            ExperimentReport report = experiment.run(context);
            output.commit();
            return report;
        }
    }
}
