package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.random.RandomGenerator;
import org.errorprop.experiments.checkpoint.CheckpointFormat;
import org.errorprop.experiments.run.ResumableRun;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.random.RandomStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The test: real training processes (separate JVMs running {@link ErrorpropCli}) are killed with SIGKILL
 * at random points, at least {@value #KILLS} times, and continued with {@code train --resume}; every run that
 * ends must end with the metrics, diagnostics and final state ({@code state.sha256}) of a run that was never
 * killed, bit for bit. Only {@code metrics.csv}'s {@code seconds} column may differ: it is wall-clock timing.
 *
 * <p>Kill points come from the seeded stream printed at the start: a quarter of the kills fall at a random time
 * after the process starts (often before its first checkpoint, in JVM start-up, data loading or the first
 * epochs), the others a random fraction of an epoch after the process saved a new checkpoint (mid-step,
 * mid-evaluation or mid-checkpoint-write). A run killed before it saved its spec is started again with its
 * original command, as a user would; one that ends on its own ends the scenario, and the next starts afresh in a
 * new directory until enough kills were made.
 */
class KilledTrainingResumesTest {
    private static final int KILLS = 20;
    private static final long SEED = 20261207L;
    private static final List<String> SPEC_FLAGS = List.of("--method", "csg", "--hidden", "32,32", "--batch-size",
            "16", "--epochs", "30", "--probe-every", "5", "--seed", "3");

    @TempDir
    Path temp;

    @Test
    void runsKilledAtRandomPointsAndResumedEndBitIdenticalToAnUninterruptedRun() throws Exception {
        Path data = mnistFormatDirectory(temp.resolve("data"));
        Path reference = temp.resolve("reference");
        Process uninterrupted = train(data, reference, false);
        assertEquals(0, uninterrupted.waitFor(), log(reference));

        RandomGenerator random = new RandomStreams(SEED).startOf("kill-points");
        System.out.println("KilledTrainingResumesTest: kill points from seed " + SEED);
        int kills = 0;
        int scenarios = 0;
        int fromACheckpoint = 0;
        long started = System.nanoTime();
        while (kills < KILLS) {
            Path out = temp.resolve("killed-" + (++scenarios));
            boolean resume = false;
            boolean first = true;
            while (true) {
                Process run = train(data, out, resume);
                int before = checkpointEpoch(out);
                fromACheckpoint += before > 0 ? 1 : 0;
                if (kills >= KILLS) {
                    assertTrue(run.waitFor(120, TimeUnit.SECONDS), "the last continuation finishes");
                    assertEquals(0, run.exitValue(), log(out));
                    break;
                }
                String point;
                if (first || random.nextInt(4) == 0) {
                    long delay = random.nextInt(1500);
                    point = delay + " ms after start";
                    run.waitFor(delay, TimeUnit.MILLISECONDS);
                } else {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (run.isAlive() && checkpointEpoch(out) <= before) {
                        assertTrue(System.nanoTime() < deadline, "no new checkpoint within 60 s: " + log(out));
                        Thread.sleep(2);
                    }
                    long delay = random.nextInt(40);
                    point = delay + " ms after the checkpoint of epoch " + checkpointEpoch(out);
                    run.waitFor(delay, TimeUnit.MILLISECONDS);
                }
                run.destroyForcibly();  // SIGKILL
                assertTrue(run.waitFor(60, TimeUnit.SECONDS));
                if (run.exitValue() == 0 || ResumableRun.complete(out)) {
                    break;  // it finished before the kill, or the kill came between its commit and its exit
                }
                assertEquals(128 + 9, run.exitValue(), "killed by SIGKILL, or failed: " + log(out));
                kills++;
                first = false;
                System.out.println("  kill " + kills + " (run " + scenarios + ", started "
                        + (before > 0 ? "after epoch " + before : resume ? "from its saved spec" : "afresh") + "): "
                        + point + "; checkpoint now after epoch " + checkpointEpoch(out));
                resume = ResumableRun.unfinished(org.errorprop.methods.MethodCatalog.standard(), out).isPresent();
            }
            assertSameResults(reference, out);
            System.out.println("  run " + scenarios + " finished identical to the uninterrupted run");
        }
        System.out.printf(java.util.Locale.ROOT, "KilledTrainingResumesTest: %d kills over %d runs (%d processes "
                + "continued from a checkpoint), %.1f s%n", kills, scenarios, fromACheckpoint,
                (System.nanoTime() - started) / 1e9);
        assertTrue(fromACheckpoint >= KILLS / 2, "most processes continued from a checkpoint: " + fromACheckpoint);
    }

    /** Lets the run in {@code out} finish (by {@code --resume}) and compares it with {@code reference}. */
    private void assertSameResults(Path reference, Path out) throws Exception {
        if (!ResumableRun.complete(out)) {
            fail("the scenario's run is not complete: " + log(out));
        }
        assertEquals(withoutSeconds(reference.resolve("metrics.csv")), withoutSeconds(out.resolve("metrics.csv")),
                "metrics.csv but its seconds column");
        for (String file : List.of("diagnostics.csv", "weights.csv", ResumableRun.STATE_DIGEST, "spec.yaml")) {
            assertEquals(Files.readString(reference.resolve(file)), Files.readString(out.resolve(file)), file);
        }
        try (var left = Files.list(temp)) {
            assertEquals(List.of(), left.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("." + out.getFileName() + ".")).toList(), "nothing left beside " + out);
        }
    }

    /** The epochs in {@code out}'s checkpoint; 0 when there is none (yet). */
    private static int checkpointEpoch(Path out) throws IOException {
        Path file = ResumableRun.checkpointDirectory(out).resolve("checkpoint.bin");
        try {
            return CheckpointFormat.decode(Files.readAllBytes(file), file.toString()).epochs();
        } catch (java.nio.file.NoSuchFileException | InvalidInputException absent) {
            return 0;
        }
    }

    private static List<String> withoutSeconds(Path metrics) throws IOException {
        List<String> rows = new ArrayList<>();
        for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
            rows.add(line.substring(0, line.lastIndexOf(',')));
        }
        assertTrue(rows.get(0).endsWith("test_accuracy") && rows.size() == 31, rows.get(0) + ", " + rows.size());
        return rows;
    }

    /** A fresh run of the spec into {@code out}, or {@code train --resume out}. */
    private Process train(Path data, Path out, boolean resume) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-modules", "jdk.incubator.vector", "-Derrorprop.threads=1", "-cp",
                System.getProperty("java.class.path"), ErrorpropCli.class.getName(), "train"));
        if (resume) {
            command.addAll(List.of("--resume", out.toString()));
        } else {
            command.addAll(SPEC_FLAGS);
            command.addAll(List.of("--data", data.toString(), "--out", out.toString()));
        }
        command.addAll(List.of("--checkpoint-every", "1"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile(out).toFile()));
        builder.environment().put("OPENBLAS_NUM_THREADS", "1");
        return builder.start();
    }

    private Path logFile(Path out) {
        return temp.resolve(out.getFileName() + ".stderr.txt");
    }

    private String log(Path out) throws IOException {
        Path file = logFile(out);
        return Files.exists(file) ? Files.readString(file) : "(no stderr)";
    }

    /**
     * 600 training and 100 test images of 8 x 8 pixels in MNIST's IDX format, ten classes: class {@code c} lights
     * the pixels {@code p} with {@code p mod 10 = c}, with noise. Small, so an epoch takes milliseconds.
     */
    private static Path mnistFormatDirectory(Path directory) throws IOException {
        Files.createDirectories(directory);
        RandomGenerator random = new RandomStreams(1).startOf("digits");
        write(directory, "train", 600, random);
        write(directory, "t10k", 100, random);
        return directory;
    }

    private static void write(Path directory, String prefix, int count, RandomGenerator random) throws IOException {
        ByteBuffer images = ByteBuffer.allocate(16 + count * 64).putInt(0x803).putInt(count).putInt(8).putInt(8);
        ByteBuffer labels = ByteBuffer.allocate(8 + count).putInt(0x801).putInt(count);
        for (int i = 0; i < count; i++) {
            int label = random.nextInt(10);
            labels.put((byte) label);
            for (int p = 0; p < 64; p++) {
                int value = (p % 10 == label ? 200 : 0) + random.nextInt(120) - 60;
                images.put((byte) Math.max(0, Math.min(255, value)));
            }
        }
        Files.write(directory.resolve(prefix + "-images-idx3-ubyte"), images.array());
        Files.write(directory.resolve(prefix + "-labels-idx1-ubyte"), labels.array());
    }
}
