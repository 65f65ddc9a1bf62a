package org.errorprop.experiments.reproduce.depth;

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

/** Figure 4 end to end at SMOKE scale: the files, their row counts, finite numbers, the claims. */
class LearningCurvesOverDepthTest {

    @Test
    void smokeRunWritesCurvesPlotsAndClaims(@TempDir Path directory) throws IOException {
        ExperimentReport report = ReproductionHarness.run(new LearningCurvesOverDepth(), Scale.SMOKE, 1, directory);
        Fig4Settings settings = Fig4Settings.forScale(Scale.SMOKE);
        int configurations = settings.depths().size() * settings.activations().size();
        int runs = 2 * settings.seeds() * configurations;
        // 7996 embedded training digits in batches of 512: 16 steps per epoch, windows of 4 steps
        int windowsPerRun = settings.epochs() * ((7996 + settings.batchSize() - 1) / settings.batchSize())
                / settings.lossWindow();
        assertEquals(runs * windowsPerRun, CsvCheck.finiteRows(directory.resolve("fig4/train_loss.csv"), 4));
        assertEquals(runs * settings.epochs(), CsvCheck.finiteRows(directory.resolve("fig4/test_metrics.csv"), 5));
        assertEquals(settings.seeds() * configurations,
                CsvCheck.finiteRows(directory.resolve("fig4/summary.csv"), 4));
        for (String act : List.of("relu", "sigmoid")) {
            assertTrue(Files.size(directory.resolve("fig4/train_loss_" + act + ".png")) > 0);
            assertTrue(Files.size(directory.resolve("fig4/test_accuracy_" + act + ".png")) > 0);
        }
        assertEquals(3, report.claims().size(), "one convergence claim per activation and one speed claim");
        assertTrue(report.markdown().contains("fig4/train_loss_relu.png"));
        assertFalse(report.markdown().isBlank());
    }
}
