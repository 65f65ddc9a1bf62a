package org.errorprop.experiments.reproduce.table2;

import org.errorprop.framework.compute.Compute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.errorprop.experiments.reproduce.ExperimentReport;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.experiments.reproduce.ReproductionHarness;
import org.errorprop.experiments.reproduce.Scale;
import org.errorprop.framework.random.RandomStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Smoke test: Table 2 at {@link Scale#SMOKE} writes its files with the expected rows and finite numbers. */
class Table2ExperimentTest {
    private static final Compute COMPUTE = Compute.sequential();


    @Test
    void smokeRunWritesTableDataSetsCurvesPlotsAndClaims(@TempDir Path dir) throws IOException {
        ExperimentReport report = ReproductionHarness.run(new Table2Experiment(), Scale.SMOKE, 1, dir);
        Table2Settings smoke = Table2Settings.of(Scale.SMOKE);
        int cells = Table2Cell.paperTable().size();

        List<String> table = Files.readAllLines(dir.resolve("table2/table2.csv"));
        assertTrue(table.get(0).startsWith("dataset,model,loss,difference"), table.get(0));
        assertEquals(1 + cells, table.size());
        for (String row : table.subList(1, table.size())) {
            double difference = Double.parseDouble(row.split(",")[3]);
            assertTrue(Double.isFinite(difference), row);
        }
        List<String> dataSets = Files.readAllLines(dir.resolve("table2/datasets.csv"));
        assertEquals(1 + cells * smoke.dataSets(), dataSets.size());
        for (String row : dataSets.subList(1, dataSets.size())) {
            String[] columns = row.split(",");
            assertTrue(Double.isFinite(Double.parseDouble(columns[6])), row);
            assertTrue(Double.isFinite(Double.parseDouble(columns[7])), row);
        }
        List<String> curves = Files.readAllLines(dir.resolve("table2/curves.csv"));
        assertEquals(1 + cells * smoke.curvePoints(), curves.size());
        for (String loss : new String[] {"mse", "log-loss"}) {
            for (String depth : new String[] {"shallow", "deep"}) {
                Path png = dir.resolve("table2/gap-" + loss + "-" + depth + ".png");
                assertTrue(Files.size(png) > 1000, png.toString());
            }
        }
        assertFalse(report.claims().isEmpty());
        assertTrue(report.markdown().contains("](table2/gap-mse-shallow.png)"));
    }

    /** Determinism: the same seed gives bit-identical final losses (parallel runs change no number). */
    @Test
    void sameSeedGivesIdenticalNumbers() {
        List<Table2Cell> cells = Table2Cell.paperTable().subList(14, 16);
        Table2Settings smoke = Table2Settings.of(Scale.SMOKE);
        List<DataSetOutcome> first = Table2Runs.run(cells, smoke, new RandomStreams(7), Progress.SILENT, COMPUTE);
        List<DataSetOutcome> second = Table2Runs.run(cells, smoke, new RandomStreams(7), Progress.SILENT, COMPUTE);
        assertEquals(first.size(), second.size());
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i).synthetic().finalLoss(), second.get(i).synthetic().finalLoss());
            assertEquals(first.get(i).backprop().finalLoss(), second.get(i).backprop().finalLoss());
        }
    }
}
