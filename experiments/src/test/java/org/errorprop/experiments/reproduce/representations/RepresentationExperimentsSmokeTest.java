package org.errorprop.experiments.reproduce.representations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.ExperimentReport;
import org.errorprop.experiments.reproduce.ReproductionHarness;
import org.errorprop.experiments.reproduce.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fig3 and supp8 end to end at {@link Scale#SMOKE}: files, row counts, finite numbers, claims. */
class RepresentationExperimentsSmokeTest {
    private static final RepresentationSettings SMOKE = RepresentationSettings.forScale(Scale.SMOKE);

    @Test
    void fig3WritesItsFiguresAndNumbers(@TempDir Path directory) throws IOException {
        ExperimentReport report = ReproductionHarness.run(new RepresentationDissimilarityExperiment(), Scale.SMOKE, 1,
                directory);
        assertEquals(5, report.claims().size());
        assertTrue(report.markdown().contains("fig3/rdm.png"));
        for (String png : List.of("rdm.png", "distance_to_last.png", "distance_relative.png")) {
            assertTrue(Files.size(directory.resolve("fig3").resolve(png)) > 1000, png);
        }
        // every seed's trained network and the network it started from, per method and layer
        List<String> distances = rows(directory.resolve("fig3/distance_to_last.csv"));
        assertEquals(4 * SMOKE.seeds() * 2 * SMOKE.hiddenLayers(), distances.size());
        assertFinite(distances, 3);
        List<String> blocks = rows(directory.resolve("fig3/rdm_block_means.csv"));
        assertEquals(4 * SMOKE.seeds() * SMOKE.hiddenLayers() * 100, blocks.size());
        assertFinite(blocks, 5);
        for (Claim claim : report.claims()) {
            assertTrue(claim.ours().contains("of " + SMOKE.seeds() + " seeds"), claim.ours());
            assertTrue(claim.ours().contains("controls: untrained networks: "), claim.ours());
        }
    }

    @Test
    void supp8WritesItsProbes(@TempDir Path directory) throws IOException {
        ExperimentReport report = ReproductionHarness.run(new LinearProbeExperiment(), Scale.SMOKE, 1, directory);
        assertEquals(5, report.claims().size());
        for (String png : List.of("classifier_probe.png", "regressor_probe.png")) {
            assertTrue(Files.size(directory.resolve("supp8").resolve(png)) > 1000, png);
        }
        List<String> probes = rows(directory.resolve("supp8/probes.csv"));
        assertEquals(1 + 3 * SMOKE.seeds() * SMOKE.hiddenLayers(), probes.size());
        for (String row : probes) {
            String[] cells = row.split(",");
            assertFinite(List.of(row), 1);
            double accuracy = Double.parseDouble(cells[5]);
            assertTrue(accuracy >= 0 && accuracy <= 1, row);
            // the raw-pixel baseline sits beside every probe
            assertEquals(probes.get(0).split(",")[5], cells[6], row);
        }
        // every classifier probe says whether it converged
        List<String> solver = rows(directory.resolve("supp8/probe_solver.csv"));
        assertEquals(1 + 3 * SMOKE.seeds() * SMOKE.classifierProbeLayers().size(), solver.size());
        for (String row : solver) {
            String converged = row.substring(row.lastIndexOf(',') + 1);
            assertTrue(converged.equals("true") || converged.equals("false"), row);
        }
    }

    private static List<String> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        assertFalse(lines.isEmpty());
        return lines.subList(1, lines.size());
    }

    /** Every column from {@code firstNumeric} on parses to a finite number. */
    private static void assertFinite(List<String> rows, int firstNumeric) {
        for (String row : rows) {
            String[] cells = row.split(",");
            for (int c = firstNumeric; c < cells.length; c++) {
                assertTrue(Double.isFinite(Double.parseDouble(cells[c])), row);
            }
        }
    }
}
