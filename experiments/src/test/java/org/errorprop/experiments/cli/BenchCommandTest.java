package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code errorprop bench} at tiny sizes: the table, the CSV, and bad input. */
class BenchCommandTest {
    @TempDir
    Path temp;

    @Test
    void measuresBothMethodsAndWritesTheCsv() throws Exception {
        Path csv = temp.resolve("bench.csv");
        CliRun run = CliRun.of("bench", "--depths", "2,3", "--width", "8", "--batch", "4", "--steps", "3",
                "--warm-up", "1", "--csv", csv.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("| method | depth | impl | samples/s |"), run.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("method,depth,impl,samples_per_second,gflops_per_second", lines.get(0));
        assertEquals(5, lines.size(), "two methods at two depths");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertEquals("errorprop", cells[2]);
            assertTrue(Double.parseDouble(cells[3]) > 0, line);
        }
    }

    @Test
    void anUnknownMethodIsAUserMistake() {
        CliRun run = CliRun.of("bench", "--methods", "bp,xx", "--csv", temp.resolve("x.csv").toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("unknown bench method 'xx'"), run.err());
        assertFalse(Files.exists(temp.resolve("x.csv")));
    }

    @Test
    void anExistingCsvIsNeverOverwritten() throws Exception {
        Path csv = temp.resolve("results.csv");
        Files.writeString(csv, "mine");
        CliRun run = CliRun.of("bench", "--depths", "2", "--width", "16", "--batch", "8", "--steps", "2",
                "--warm-up", "0", "--csv", csv.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("exists; errorprop does not overwrite files"), run.err());
        assertEquals("", run.out(), "refused before measuring");
        assertEquals("mine", Files.readString(csv));
    }

    @Test
    void aPeerWithoutPythonIsRefusedBeforeAnyWork() {
        CliRun run = CliRun.of("bench", "--peer", "--python", temp.resolve("no-python").toString(), "--csv",
                temp.resolve("x.csv").toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("python3-torch"), run.err());
        assertEquals("", run.out(), "nothing measured");
        assertFalse(Files.exists(temp.resolve("x.csv")));
    }

    @Test
    void repeatsAlternateAndTheTableKeepsOneRowPerMethod() throws Exception {
        Path csv = temp.resolve("repeats.csv");
        CliRun run = CliRun.of("bench", "--depths", "2", "--width", "8", "--batch", "4", "--steps", "2",
                "--warm-up", "0", "--repeats", "2", "--csv", csv.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("errorprop bp depth 2") && run.out().contains("[run 2/2]"), run.out());
        assertEquals(3, Files.readAllLines(csv).size(), "the fastest run of each method, once");
    }

    @Test
    void zeroRepeatsIsAUserMistake() {
        CliRun run = CliRun.of("bench", "--repeats", "0");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("--repeats >= 1"), run.err());
    }
}
