package org.errorprop.experiments.reproduce.depth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
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
        Fig5Settings settings = Fig5Settings.forScale(Scale.SMOKE);
        int runs = 3 * settings.replicates();
        assertEquals(runs * settings.depth(), CsvCheck.finiteRows(directory.resolve("fig5/weight_norms.csv"), 1));
        assertEquals(runs, CsvCheck.finiteRows(directory.resolve("fig5/final_metrics.csv"), 1));
        assertTrue(Files.size(directory.resolve("fig5/weight_norms.png")) > 0);
        assertEquals(4, report.claims().size());
        assertTrue(report.markdown().contains("fig5/weight_norms.png"));
        // no two runs start from the same weights: every (method, replicate) has its own initial norms
        Map<String, List<String>> initialNorms = new HashMap<>();
        for (String line : Files.readAllLines(directory.resolve("fig5/weight_norms.csv")).subList(1, runs
                * settings.depth() + 1)) {
            String[] cells = line.split(",");
            initialNorms.computeIfAbsent(cells[0] + "/" + cells[1], k -> new ArrayList<>()).add(cells[3]);
        }
        assertEquals(runs, initialNorms.size());
        assertEquals(runs, new HashSet<>(initialNorms.values()).size(), initialNorms.toString());
    }
}
