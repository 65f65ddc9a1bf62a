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
        assertTrue(run.out().contains("| method | depth | impl | runs | best samples/s | median samples/s |"),
                run.out());
        assertTrue(run.out().contains("sgemm (n = 64): best "), run.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("method,depth,impl,samples_per_second,gflops_per_second,median_samples_per_second,runs,"
                + "gemm_gflops_per_second", lines.get(0));
        assertEquals(17, lines.size(), "two methods at two depths in two precisions, each trained and its products"
                + " alone");
        java.util.Set<String> implementations = new java.util.HashSet<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            implementations.add(cells[2]);
            assertTrue(Double.parseDouble(cells[3]) > 0, line);
            assertEquals(cells[3], cells[5], "one run: the median is the best");
            assertTrue(Double.parseDouble(cells[7]) > 0, line);
        }
        assertEquals(java.util.Set.of("errorprop", "errorprop-f32mm", "errorprop-products",
                "errorprop-f32mm-products"), implementations);
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
        List<String> lines = Files.readAllLines(csv);
        assertEquals(9, lines.size(), "each side once: two methods in two precisions, trained and products alone");
        for (String line : lines.subList(1, lines.size())) {
            assertEquals("2", line.split(",")[6], "two runs per side: " + line);
        }
        // the sides alternate and their order rotates: float64 first in run 1, float32 first in run 2
        List<String> measured = run.out().lines().filter(l -> l.startsWith("errorprop")).toList();
        assertTrue(measured.get(0).startsWith("errorprop bp") && measured.get(0).endsWith("[run 1/2]"), measured.get(0));
        assertTrue(measured.get(4).startsWith("errorprop-f32mm bp") && measured.get(4).endsWith("[run 2/2]"),
                measured.get(4));
    }

    @Test
    void oneSideAloneAndABadPrecision() throws Exception {
        Path csv = temp.resolve("f32.csv");
        CliRun run = CliRun.of("bench", "--depths", "2", "--width", "8", "--batch", "4", "--steps", "2",
                "--warm-up", "0", "--methods", "bp", "--matmul-precision", "float32", "--csv", csv.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(3, lines.size());
        assertTrue(lines.get(1).startsWith("bp,2,errorprop-f32mm,"), lines.get(1));
        assertTrue(lines.get(2).startsWith("bp,2,errorprop-f32mm-products,"), lines.get(2));

        CliRun bad = CliRun.of("bench", "--matmul-precision", "float16", "--csv", temp.resolve("x.csv").toString());
        assertEquals(2, bad.exitCode());
        assertEquals(List.of("errorprop bench: --matmul-precision takes float64, float32 or both (float64,float32),"
                + " not 'float16'"), bad.errLines());
        assertEquals("", bad.out(), "refused before measuring");
    }

    @Test
    void aBusyCoreRunsBesideTheWholeBenchAndIsStoppedAtTheEnd() {
        CliRun run = CliRun.of("bench", "--depths", "2", "--width", "8", "--batch", "4", "--steps", "2",
                "--warm-up", "0", "--busy-core");
        assertEquals(0, run.exitCode(), run.out() + run.err());
        String line = run.out().lines().filter(l -> l.startsWith("busy core:")).findFirst().orElseThrow();
        long pid = Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
        assertTrue(run.out().indexOf(line) < run.out().indexOf("errorprop bp depth 2"), "busy before measuring");
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the busy process was stopped");
    }

    @Test
    void zeroRepeatsIsAUserMistake() {
        CliRun run = CliRun.of("bench", "--repeats", "0");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("--repeats >= 1"), run.err());
    }
}
