package org.errorprop.experiments.reproduce.supp6;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.ExperimentReport;
import org.errorprop.experiments.reproduce.ReproductionHarness;
import org.errorprop.experiments.reproduce.Scale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Supp. Fig. 6 at smoke scale: files, numbers, and the paper's three findings. */
class SpuriousCriticalPointsExperimentTest {
    @TempDir
    Path temp;

    @Test
    void smokeRunWritesThePlotsAndDataAndEveryFindingHolds() throws Exception {
        Path out = temp.resolve("out");
        ExperimentReport report = ReproductionHarness.run(new SpuriousCriticalPointsExperiment(), Scale.SMOKE, 1, out);
        for (String file : List.of("surface.png", "distance.png", "paths.csv", "surface.csv")) {
            assertTrue(Files.size(out.resolve("supp6").resolve(file)) > 0, file);
        }
        int grid = SpuriousCriticalPointsSettings.of(Scale.SMOKE).gridPoints();
        assertEquals(1 + grid * grid, Files.readAllLines(out.resolve("supp6/surface.csv")).size());
        List<String> paths = Files.readAllLines(out.resolve("supp6/paths.csv"));
        assertTrue(paths.stream().skip(1).anyMatch(l -> l.startsWith("1,sg,")));
        assertTrue(paths.stream().skip(1).anyMatch(l -> l.startsWith("1,backprop,")));
        // The problem is deterministic and exact: each finding of Supp. A must be observed.
        assertEquals(3, report.claims().size());
        for (Claim claim : report.claims()) {
            assertTrue(claim.holds(), claim.finding() + ": " + claim.ours());
        }
    }

    /**
     * The test for the test: with an SG affine in h (which can represent the true gradient's projection,
     * so Proposition 1 applies) the spurious points disappear, and the two SG findings must be reported
     * as not holding while backprop's still holds.
     */
    @Test
    void anSgThatCanRepresentTheGradientMakesTheSgFindingsFail() {
        ExperimentReport report = ReproductionHarness.run(new SpuriousCriticalPointsExperiment(
                org.errorprop.proofs.statements.ConstantSyntheticGradientCreatesSpuriousCriticalPoints.Synthesizer
                        .AFFINE_IN_H), Scale.SMOKE, 1, temp.resolve("affine"));
        List<Claim> claims = report.claims();
        assertTrue(!claims.get(0).holds(), "static points are not SG-critical: " + claims.get(0).ours());
        assertTrue(!claims.get(1).holds(), "the SG run reaches a = 0: " + claims.get(1).ours());
        assertTrue(claims.get(2).holds(), claims.get(2).ours());
    }

    @Test
    void theReportLinksItsPlots() {
        ExperimentReport report = ReproductionHarness.run(new SpuriousCriticalPointsExperiment(), Scale.SMOKE, 1,
                temp.resolve("links"));
        assertTrue(report.markdown().contains("](supp6/surface.png)"), report.markdown());
        assertTrue(report.markdown().contains("](supp6/distance.png)"), report.markdown());
    }
}
