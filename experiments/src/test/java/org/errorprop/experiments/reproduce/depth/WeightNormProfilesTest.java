package org.errorprop.experiments.reproduce.depth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.errorprop.experiments.reproduce.ExperimentReport;
import org.errorprop.experiments.reproduce.ReproductionHarness;
import org.errorprop.experiments.reproduce.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Figure 5 end to end at SMOKE scale: the files, their row counts, finite numbers, the claims. */
class WeightNormProfilesTest {

    @Test
    void smokeRunWritesProfilesPlotAndClaims(@TempDir Path directory) throws IOException {
        ExperimentReport report = ReproductionHarness.run(new WeightNormProfiles(), Scale.SMOKE, 1, directory);
        int depth = Fig5Settings.forScale(Scale.SMOKE).depth();
        assertEquals(3 * depth, CsvCheck.finiteRows(directory.resolve("fig5/weight_norms.csv"), 2));
        assertEquals(3, CsvCheck.finiteRows(directory.resolve("fig5/final_metrics.csv"), 1));
        assertTrue(Files.size(directory.resolve("fig5/weight_norms.png")) > 0);
        assertEquals(4, report.claims().size());
        assertTrue(report.markdown().contains("fig5/weight_norms.png"));
    }
}
