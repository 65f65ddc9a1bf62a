package org.errorprop.experiments.reproduce.implicitloss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.errorprop.experiments.reproduce.ExperimentReport;
import org.errorprop.experiments.reproduce.ReproductionHarness;
import org.errorprop.experiments.reproduce.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Figure 2 and Supp. Fig. 9 end to end at {@link Scale#SMOKE}: files, row counts, finite numbers, claims. */
class ImplicitLossSmokeTest {
    private static final ImplicitLossSettings SMOKE = ImplicitLossSettings.forScale(Scale.SMOKE);
    /** Boundaries over the 8 runs of one variant: 4 panels × (1 single + all everywhere). */
    private static final int BOUNDARIES_PER_VARIANT = 4 * (1 + SMOKE.hiddenLayers());
    private static final int POINTS = SMOKE.gridSide() * SMOKE.gridSide();

    @Test
    void figure2WritesItsImagesTablesAndClaims(@TempDir Path directory) throws IOException {
        ExperimentReport report = ReproductionHarness.run(new ImplicitLossFigure2(), Scale.SMOKE, 1, directory);
        assertEquals(3, report.claims().size());
        for (RunConfig config : ImplicitLossRuns.configs(SgVariant.FULL)) {
            assertTrue(Files.size(directory.resolve("fig2/" + config.key() + ".png")) > 0, config.key());
            assertTrue(report.markdown().contains("fig2/" + config.key() + ".png"));
        }
        assertTrue(Files.size(directory.resolve("fig2/correlation-single.png")) > 0);
        assertTrue(Files.size(directory.resolve("fig2/correlation-every.png")) > 0);
        List<String[]> correlations = rows(directory.resolve("fig2/correlations.csv"));
        assertEquals(BOUNDARIES_PER_VARIANT * SMOKE.snapshots(), correlations.size());
        assertFiniteColumn(correlations, 7);
        List<String[]> grids = rows(directory.resolve("fig2/grids.csv"));
        assertEquals(8 * SMOKE.snapshots() * POINTS, grids.size());
        assertFiniteColumn(grids, 9);
        assertFalse(rows(directory.resolve("fig2/loss-curves.csv")).isEmpty());
    }

    @Test
    void supplementaryFigure9WritesItsImagesTablesAndClaims(@TempDir Path directory) throws IOException {
        ExperimentReport report = ReproductionHarness.run(new LabelAblationSupp9(), Scale.SMOKE, 1, directory);
        assertEquals(3, report.claims().size());
        for (SgVariant variant : List.of(SgVariant.NO_LABEL, SgVariant.LABEL_ONLY)) {
            for (RunConfig config : ImplicitLossRuns.configs(variant)) {
                assertTrue(Files.size(directory.resolve("supp9/" + config.key() + ".png")) > 0, config.key());
            }
        }
        for (String plot : List.of("loss-single", "loss-every", "correlation-single", "correlation-every")) {
            assertTrue(Files.size(directory.resolve("supp9/" + plot + ".png")) > 0, plot);
        }
        List<String[]> correlations = rows(directory.resolve("supp9/correlations.csv"));
        assertEquals(3 * BOUNDARIES_PER_VARIANT * SMOKE.snapshots(), correlations.size());
        List<String[]> grids = rows(directory.resolve("supp9/grids.csv"));
        assertEquals(2 * 8 * SMOKE.snapshots() * POINTS, grids.size());
        assertFiniteColumn(grids, 9);
        List<String[]> curves = rows(directory.resolve("supp9/loss-curves.csv"));
        assertEquals(3 * 8 * SMOKE.steps(), curves.size(), "every step recorded when steps < 250");
    }

    /** Runs train on several threads; the numbers must not depend on it: two runs, identical files. */
    @Test
    void theSameSeedGivesTheSameNumbersBitForBit(@TempDir Path first, @TempDir Path second) throws IOException {
        ReproductionHarness.run(new ImplicitLossFigure2(), Scale.SMOKE, 7, first);
        ReproductionHarness.run(new ImplicitLossFigure2(), Scale.SMOKE, 7, second);
        for (String file : List.of("fig2/correlations.csv", "fig2/grids.csv", "fig2/loss-curves.csv")) {
            assertEquals(Files.readString(first.resolve(file)), Files.readString(second.resolve(file)), file);
        }
    }

    /** Data rows of a CSV without quoted commas (ours have none), header dropped. */
    private static List<String[]> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        return lines.subList(1, lines.size()).stream().map(line -> line.split(",", -1)).toList();
    }

    private static void assertFiniteColumn(List<String[]> rows, int column) {
        for (String[] row : rows) {
            double value = Double.parseDouble(row[column]);
            assertTrue(Double.isFinite(value), String.join(",", row));
        }
    }
}
