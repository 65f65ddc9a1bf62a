package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.errorprop.experiments.run.ResumableRun;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.BlasBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code errorprop sweep} and {@code sweep merge} end to end on tiny runs (one epoch, hidden 64, the embedded
 * digits, batch 256): one sweep run whole, one sharded three ways with three cells at once per shard, merged and compared.
 * The networks compute on one two-part {@link Compute} shared by every cell, so concurrent cells contend for its
 * workers and its split products (hidden 64 makes the first layer's product large enough to split).
 */
class SweepCommandTest {
    private static final String SPEC = "base: {epochs: 1, hidden: [64], batch_size: 256, probe_every: 0}\n"
            + "grid: {method: [backprop, dfa], seed: [1, 2], learning_rate: [0.001, 0.003]}\n";
    private static final Compute TWO_PARTS = Compute.of(BlasBackend.AUTO, 2);

    @TempDir
    static Path temp;
    static Path spec;
    static Path whole;
    static List<Path> shards = new ArrayList<>();
    static Run wholeSummary;
    static Run shardSummary;

    record Run(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static Run cli(String... args) {
        AtomicLong ticks = new AtomicLong();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        var line = ErrorpropCli.commandLine(new CliEnvironment(() -> ticks.addAndGet(1_000_000L), err, false,
                TWO_PARTS));
        StringWriter out = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        int code = line.execute(args);
        return new Run(code, out.toString(), errBytes.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void runTheSweepWholeAndInThreeShards() throws IOException {
        spec = Files.writeString(temp.resolve("sweep.yaml"), SPEC);
        whole = temp.resolve("whole");
        Run run = cli("sweep", spec.toString(), "--out", whole.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.errLines().get(run.errLines().size() - 1).startsWith("sweep: 8/8 cells done, 0 running, "
                + "0 diverged, 0 failed"), run.err());
        for (int i = 0; i < 3; i++) {
            Path shard = temp.resolve("shard" + i);
            Run part = cli("sweep", spec.toString(), "--out", shard.toString(), "--shard", i + "/3", "--parallel", "3");
            assertEquals(0, part.exitCode(), part.err());
            shards.add(shard);
        }
        wholeSummary = cli("sweep", "merge", whole.toString(), "--out", temp.resolve("whole-summary").toString());
        List<String> args = new ArrayList<>(List.of("sweep", "merge"));
        shards.forEach(s -> args.add(s.toString()));
        args.addAll(List.of("--out", temp.resolve("shard-summary").toString()));
        shardSummary = cli(args.toArray(String[]::new));
    }

    @AfterAll
    static void closeCompute() {
        TWO_PARTS.close();
    }

    /** The CSV without its timing columns (those whose name starts with "seconds"). */
    static List<String> withoutTiming(String csv) {
        List<String[]> rows = csv.lines().map(line -> line.split(",", -1)).toList();
        List<Integer> kept = new ArrayList<>();
        for (int c = 0; c < rows.get(0).length; c++) {
            if (!rows.get(0)[c].startsWith("seconds")) {
                kept.add(c);
            }
        }
        return rows.stream().map(row -> String.join(",", kept.stream().map(c -> row[c]).toList())).toList();
    }

    @Test
    void theShardsMergeToTheSummaryOfTheWholeSweepApartFromTiming() throws IOException {
        assertEquals(0, wholeSummary.exitCode(), wholeSummary.err());
        assertEquals(0, shardSummary.exitCode(), shardSummary.err());
        String a = Files.readString(temp.resolve("whole-summary/summary.csv"));
        String b = Files.readString(temp.resolve("shard-summary/summary.csv"));
        assertEquals("cell,method,seed,learning_rate,status,epochs,final_train_loss,final_train_accuracy,"
                + "final_test_loss,final_test_accuracy,seconds_total", a.lines().findFirst().orElseThrow());
        assertEquals(9, a.lines().count());
        assertEquals(withoutTiming(a), withoutTiming(b));
        // the test of the comparison: it sees a changed digit of a final metric, and drops only the timing column
        String changed = b.replaceFirst("(\\n[^\\n]*?,complete,1,0\\.)(\\d)", "$1" + "X");
        assertNotEquals(b, changed);
        assertNotEquals(withoutTiming(a), withoutTiming(changed));
        assertEquals(11, a.lines().findFirst().orElseThrow().split(",").length);
        assertEquals(10, withoutTiming(a).get(0).split(",").length);
        for (String file : List.of("report.md", "test-accuracy.png", "learning-curves.png")) {
            assertTrue(Files.size(temp.resolve("shard-summary").resolve(file)) > 0, file);
        }
        String report = Files.readString(temp.resolve("shard-summary/report.md"));
        assertTrue(report.contains("| method | learning_rate | cells | diverged |"), report);
        assertTrue(report.contains("| backprop | 0.001 | 2 | 0 | "), report);
    }

    /** Cells trained three at a time on one shared compute give the sequential sweep's numbers, bit for bit. */
    @Test
    void cellsTrainedAtOnceEqualCellsTrainedOneByOne() throws IOException {
        List<String> ids = cellIds(whole);
        assertEquals(8, ids.size());
        int compared = 0;
        for (Path shard : shards) {
            for (String id : cellIds(shard)) {
                assertEquals(withoutTiming(metrics(whole, id)), withoutTiming(metrics(shard, id)), id);
                assertEquals(Files.readString(whole.resolve("cells").resolve(id).resolve("spec.yaml")),
                        Files.readString(shard.resolve("cells").resolve(id).resolve("spec.yaml")));
                compared++;
            }
        }
        assertEquals(8, compared);
        // the comparison tells runs apart: two cells that differ only in seed differ in every metric
        assertNotEquals(withoutTiming(metrics(whole, ids.get(0))).get(1), withoutTiming(metrics(whole, ids.get(2))).get(1));
    }

    @Test
    void theShardsAreDisjointBalancedAndCoverTheSweep() throws IOException {
        List<String> union = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (Path shard : shards) {
            List<String> ids = cellIds(shard);
            sizes.add(ids.size());
            union.addAll(ids);
        }
        assertEquals(List.of(3, 3, 2), sizes);
        assertEquals(cellIds(whole), union.stream().sorted().toList());
    }

    /** Two shards started at once on one fresh directory (a shared file system): one creates it, both fill it. */
    @Test
    void shardsMayShareOneDirectory() throws Exception {
        Path shared = temp.resolve("shared");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(() -> cli("sweep", spec.toString(), "--out", shared.toString(), "--shard", "0/2"));
            var b = pool.submit(() -> cli("sweep", spec.toString(), "--out", shared.toString(), "--shard", "1/2"));
            assertEquals(0, a.get().exitCode(), a.get().err());
            assertEquals(0, b.get().exitCode(), b.get().err());
        } finally {
            pool.shutdown();
        }
        assertEquals(cellIds(whole), cellIds(shared));
        Run merged = cli("sweep", "merge", shared.toString(), "--out", temp.resolve("shared-summary").toString());
        assertEquals(0, merged.exitCode(), merged.err());
        assertEquals(withoutTiming(Files.readString(temp.resolve("whole-summary/summary.csv"))),
                withoutTiming(Files.readString(temp.resolve("shared-summary/summary.csv"))));
    }

    @Test
    void aLostShardOrACellMergedTwiceIsRefusedInOneLine() throws IOException {
        Path out = temp.resolve("lost");
        Run lost = cli("sweep", "merge", shards.get(0).toString(), shards.get(1).toString(), "--out", out.toString());
        assertEquals(2, lost.exitCode(), lost.err());
        assertEquals(1, lost.errLines().size(), lost.err());
        assertTrue(lost.err().contains("2 of 8 cells are missing: " + String.join(", ", cellIds(shards.get(2)))),
                lost.err());
        assertFalse(Files.exists(out));

        Run twice = cli("sweep", "merge", whole.toString(), shards.get(2).toString(), "--out", out.toString());
        assertEquals(2, twice.exitCode(), twice.err());
        assertEquals(1, twice.errLines().size(), twice.err());
        assertTrue(twice.err().contains("2 cells are present more than once: " + cellIds(shards.get(2)).get(0)),
                twice.err());
        Run sameDirTwice = cli("sweep", "merge", whole.toString(), whole.toString(), "--out", out.toString());
        assertEquals(2, sameDirTwice.exitCode());
        assertTrue(sameDirTwice.err().contains("is given twice"), sameDirTwice.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aRerunSkipsFinishedCellsAndRedoesOneThatWasKilled() throws IOException {
        Path dir = temp.resolve("rerun");
        copyTree(whole, dir);
        String killed = cellIds(dir).get(5);
        String before = metrics(dir, killed);
        deleteTree(dir.resolve("cells").resolve(killed));
        // what SIGKILL leaves of a cell: its staging directory, named after a process that no longer runs
        Path staging = Files.createDirectories(dir.resolve("cells").resolve("." + killed + ".partial-2147483646-1"));
        Files.writeString(staging.resolve("metrics.csv"), "half");
        Path untouched = dir.resolve("cells").resolve(cellIds(dir).get(0)).resolve("metrics.csv");
        Files.setLastModifiedTime(untouched, java.nio.file.attribute.FileTime.fromMillis(0));

        Run run = cli("sweep", spec.toString(), "--out", dir.toString(), "--parallel", "2");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("8 complete, 0 diverged, 0 failed, 0 left to another process (7 were finished "
                + "before and skipped)"), run.out());
        assertEquals(withoutTiming(before), withoutTiming(metrics(dir, killed)));
        assertFalse(Files.exists(staging), "the dead process's staging directory is removed");
        assertEquals(0, Files.getLastModifiedTime(untouched).toMillis(), "a finished cell is not touched");
        assertEquals(cellIds(whole), cellIds(dir));
    }

    /**
     * A sweep in its own JVM, checkpointing every epoch, killed with SIGKILL while a cell trains after its first
     * checkpoint (and after at least one cell finished), then run again on the same directory: every cell ends up
     * there once, the finished ones untouched, the killed one continued from its checkpoint, and every cell's
     * numbers and final state equal those of an uninterrupted sweep.
     */
    @Test
    void aSweepKilledMidwayFinishesOnRerunWithEveryCellDoneOnce() throws Exception {
        Path killSpec = Files.writeString(temp.resolve("kill.yaml"),
                "base: {epochs: 2, hidden: [32], probe_every: 0}\ngrid: {seed: [1, 2, 3, 4]}\n");
        Path dir = temp.resolve("killed");
        Process sweep = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Derrorprop.blas=auto", "-Derrorprop.threads=2", "-cp",
                System.getProperty("java.class.path"), ErrorpropCli.class.getName(), "sweep", killSpec.toString(),
                "--out", dir.toString(), "--checkpoint-every", "1")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(temp.resolve("killed-stderr.txt").toFile()).start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        List<String> finished = List.of();
        while (finished.isEmpty() || !hasStaging(dir) || checkpointed(dir).isEmpty()) {
            assertTrue(sweep.isAlive(), "the sweep ended before it could be killed: "
                    + Files.readString(temp.resolve("killed-stderr.txt")));
            assertTrue(System.nanoTime() < deadline, "no cell finished in time");
            Thread.sleep(10);
            finished = Files.isDirectory(dir.resolve("cells")) ? cellIds(dir) : List.of();
        }
        sweep.destroyForcibly();  // SIGKILL: no shutdown hook runs
        assertTrue(sweep.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        List<String> before = cellIds(dir);
        assertTrue(before.size() < 4, "killed midway: " + before);
        // (a cell was training when the kill was sent; it may, rarely, have committed in the millisecond before)
        List<String> continued = checkpointed(dir);
        Path first = dir.resolve("cells").resolve(before.get(0)).resolve("metrics.csv");
        Files.setLastModifiedTime(first, java.nio.file.attribute.FileTime.fromMillis(0));

        Run rerun = cli("sweep", killSpec.toString(), "--out", dir.toString());
        assertEquals(0, rerun.exitCode(), rerun.err());
        assertTrue(rerun.out().contains("4 complete, 0 diverged, 0 failed, 0 left to another process (" + before.size()
                + " were finished before and skipped)"), rerun.out());
        assertFalse(hasStaging(dir), "the killed cell's staging directory is gone");
        assertEquals(0, Files.getLastModifiedTime(first).toMillis(), "a finished cell is not run again");
        for (String id : continued) {
            assertTrue(Files.readString(dir.resolve("cells").resolve(id).resolve("provenance.yaml"))
                    .contains("resumed_after_epoch: '1'"), id + " continued from its checkpoint after epoch 1");
        }
        assertTrue(checkpointed(dir).isEmpty(), "the checkpoints go once their cells are finished");

        Path uninterrupted = temp.resolve("uninterrupted");
        assertEquals(0, cli("sweep", killSpec.toString(), "--out", uninterrupted.toString()).exitCode());
        assertEquals(cellIds(uninterrupted), cellIds(dir));
        for (String id : cellIds(dir)) {
            assertEquals(withoutTiming(metrics(uninterrupted, id)), withoutTiming(metrics(dir, id)), id);
            assertEquals(Files.readString(uninterrupted.resolve("cells").resolve(id).resolve(ResumableRun.STATE_DIGEST)),
                    Files.readString(dir.resolve("cells").resolve(id).resolve(ResumableRun.STATE_DIGEST)), id);
        }
    }

    /** The cells with a checkpoint beside them: unfinished, and past their first checkpoint. */
    private static List<String> checkpointed(Path sweep) throws IOException {
        if (!Files.isDirectory(sweep.resolve("cells"))) {
            return List.of();
        }
        try (Stream<Path> cells = Files.list(sweep.resolve("cells"))) {
            return cells.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".checkpoint"))
                    .filter(name -> Files.exists(sweep.resolve("cells").resolve(name).resolve("checkpoint.bin")))
                    .map(name -> name.substring(1, name.length() - ".checkpoint".length()))
                    .sorted().toList();
        }
    }

    private static boolean hasStaging(Path sweep) throws IOException {
        if (!Files.isDirectory(sweep.resolve("cells"))) {
            return false;
        }
        try (Stream<Path> cells = Files.list(sweep.resolve("cells"))) {
            return cells.anyMatch(p -> p.getFileName().toString().contains(".partial-"));
        }
    }

    @Test
    void aDifferentSweepOnAnExistingDirectoryIsRefusedAndNothingTouched() throws IOException {
        Path other = Files.writeString(temp.resolve("other.yaml"), SPEC.replace("seed: [1, 2]", "seed: [1, 3]"));
        Run run = cli("sweep", other.toString(), "--out", whole.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("holds another sweep"), run.err());
        assertEquals(SPEC, Files.readString(whole.resolve("sweep.yaml")));
        assertEquals(8, cellIds(whole).size());
    }

    @Test
    void aDivergedCellIsKeptMarkedAndTheSweepGoesOn() throws IOException {
        Path diverging = Files.writeString(temp.resolve("diverging.yaml"), "base: {epochs: 2, hidden: [8], "
                + "probe_every: 0, batch_norm: false, optimizer: sgd, activation: identity, loss: squared-error}\n"
                + "grid: {learning_rate: [0.01, 1000.0]}\n");
        Path dir = temp.resolve("diverged");
        Run run = cli("sweep", diverging.toString(), "--out", dir.toString());
        assertEquals(3, run.exitCode(), run.err());
        assertTrue(run.out().contains("1 complete, 1 diverged, 0 failed"), run.out());
        Run merged = cli("sweep", "merge", dir.toString(), "--out", temp.resolve("diverged-summary").toString());
        assertEquals(0, merged.exitCode(), merged.err());
        List<String> rows = Files.readAllLines(temp.resolve("diverged-summary/summary.csv"));
        String divergedRow = rows.stream().filter(r -> r.contains(",diverged,")).findFirst().orElseThrow();
        assertTrue(divergedRow.contains(",1000.0,diverged,0,,,,,"), divergedRow);
        String cell = divergedRow.substring(0, divergedRow.indexOf(','));
        assertTrue(Files.readString(dir.resolve("cells").resolve(cell).resolve("status.yaml"))
                .contains("status: diverged"));
        assertTrue(rows.stream().anyMatch(r -> r.contains(",0.01,complete,2,")), rows.toString());
        Run again = cli("sweep", diverging.toString(), "--out", dir.toString());
        assertEquals(3, again.exitCode(), "a diverged cell is a result: skipped, still reported");
        assertTrue(again.out().contains("(2 were finished before and skipped)"), again.out());
    }

    @Test
    void mistakesAreOneLineExitTwoBeforeAnythingIsWritten() throws IOException {
        Path out = temp.resolve("never");
        Path foreignOption = Files.writeString(temp.resolve("foreign.yaml"),
                "grid: {method: [backprop, csg], feedback_scale: [0.5, 1.0]}\n");
        Path tooLarge = Files.writeString(temp.resolve("large.yaml"),
                "base: {epochs: 1}\ngrid: {hidden: [[16], [100000, 100000]]}\n");
        Path batchOfOne = Files.writeString(temp.resolve("batch.yaml"),
                "base: {epochs: 1}\ngrid: {batch_size: [64, 5]}\n");  // 7,996 = 1,599 x 5 + 1
        List<List<String>> cases = List.of(
                List.of("sweep", tooLarge.toString(), "--out", out.toString()),
                List.of("sweep", batchOfOne.toString(), "--out", out.toString()),
                List.of("sweep", foreignOption.toString(), "--out", out.toString()),
                List.of("sweep", temp.resolve("absent.yaml").toString(), "--out", out.toString()),
                List.of("sweep", spec.toString()),
                List.of("sweep", "--out", out.toString()),
                List.of("sweep", spec.toString(), "--out", out.toString(), "--shard", "3/3"),
                List.of("sweep", spec.toString(), "--out", out.toString(), "--shard", "one"),
                List.of("sweep", spec.toString(), "--out", out.toString(), "--parallel", "0"),
                List.of("sweep", "merge", out.toString(), "--out", temp.resolve("never2").toString()),
                List.of("sweep", "merge", spec.getParent().toString(), "--out", temp.resolve("never2").toString()));
        List<String> expected = List.of("more than a Java array holds", "end each epoch with a batch of 1 example",
                "'feedback_scale' (--feedback-scale) applies to none of the sweep's rules",
                "cannot read sweep spec", "--out DIR", "give a sweep spec", "--shard must be I/N",
                "--shard must be I/N", "--parallel must be at least 1", "does not exist", "is not a sweep directory");
        for (int i = 0; i < cases.size(); i++) {
            Run run = cli(cases.get(i).toArray(String[]::new));
            assertEquals(2, run.exitCode(), cases.get(i) + ": " + run.err());
            assertEquals(1, run.errLines().size(), run.err());
            assertTrue(run.err().contains(expected.get(i)), cases.get(i) + ": " + run.err());
            assertFalse(Files.exists(out));
        }
    }

    static List<String> cellIds(Path sweep) throws IOException {
        try (Stream<Path> cells = Files.list(sweep.resolve("cells"))) {
            return cells.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

    static String metrics(Path sweep, String id) throws IOException {
        return Files.readString(sweep.resolve("cells").resolve(id).resolve("metrics.csv"));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path path : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
