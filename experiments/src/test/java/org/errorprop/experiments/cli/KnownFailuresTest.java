package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.errorprop.framework.compute.Compute;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every known condition ends in one line on stderr, a documented exit code and no half-written output: a bug (70,
 * its stack trace in a file), a heap too small (2), the output directory removed during a run (1), a full disk (1).
 * The faults are injected through the clock the trainer reads once per epoch (a bug, an OutOfMemoryError, the
 * staging directory deleted), a real small heap in a separate JVM, and a real full file system (a 16 KiB tmpfs).
 */
class KnownFailuresTest {
    private static final String[] SMALL = {"--hidden", "8", "--epochs", "2", "--probe-every", "0"};

    @TempDir
    Path temp;

    private record Outcome(int exitCode, String err) {
        List<String> lines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    /** {@code train --out out} in this JVM, the clock's {@code n}-th reading (from 1) running {@code fault}. */
    private static Outcome train(Path out, int n, Runnable fault) {
        AtomicLong readings = new AtomicLong();
        LongSupplier clock = () -> {
            if (readings.incrementAndGet() == n) {
                fault.run();
            }
            return readings.get() * 1_000_000L;
        };
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        CommandLine line = ErrorpropCli.commandLine(new CliEnvironment(clock, err, false, Compute.sequential()));
        line.setOut(new PrintWriter(new StringWriter(), true));
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(List.of(SMALL));
        int code = ErrorpropCli.execute(line, args.toArray(String[]::new));
        return new Outcome(code, errBytes.toString(StandardCharsets.UTF_8));
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void assertOneLineNoStackTrace(Outcome outcome) {
        assertEquals(1, outcome.lines().size(), outcome.err());
        assertFalse(outcome.err().contains("\tat ") || outcome.err().contains("Exception in thread"), outcome.err());
    }

    @Test
    void aBugIsOneLineAskingToReportItWithTheStackTraceInAFile() throws IOException {
        Path out = temp.resolve("run");
        Outcome bug = train(out, 1, () -> {
            throw new IllegalStateException("a broken invariant");
        });
        assertEquals(ErrorpropCli.INTERNAL_ERROR, bug.exitCode(), bug.err());
        assertOneLineNoStackTrace(bug);
        String line = bug.lines().get(0);
        assertTrue(line.startsWith("errorprop train: internal error (a bug in errorprop; please report it with "), line);
        assertTrue(line.endsWith("): IllegalStateException: a broken invariant"), line);
        Path crash = Path.of(line.substring(line.indexOf("report it with ") + "report it with ".length(),
                line.indexOf("): IllegalStateException")));
        try {
            String saved = Files.readString(crash);
            assertTrue(saved.startsWith("errorprop train --out " + out), saved);
            assertTrue(saved.contains("java.lang.IllegalStateException: a broken invariant") && saved.contains("\tat "),
                    "the stack trace is in the file: " + saved);
        } finally {
            Files.deleteIfExists(crash);
        }
        assertEquals(List.of(), names(temp), "no output directory, staging directory or lock is left");
    }

    @Test
    void anOutOfMemoryErrorIsOneLineNamingTheHeapAndHowToGiveMore() throws IOException {
        Outcome oom = train(temp.resolve("run"), 1, () -> {
            throw new OutOfMemoryError("Java heap space");
        });
        assertEquals(ErrorpropCli.USER_ERROR, oom.exitCode(), oom.err());
        assertOneLineNoStackTrace(oom);
        assertTrue(oom.err().contains("errorprop train: out of memory: the Java heap (at most ")
                && oom.err().contains("ERRORPROP_JAVA_OPTS=-Xmx8g"), oom.err());
        assertEquals(List.of(), names(temp));
    }

    /** A real OutOfMemoryError (or the up-front memory estimate, whichever comes first) in a JVM with a 64 MiB heap. */
    @Test
    void aNetworkTooLargeForTheHeapIsOneLineAndExit2InARealJvm() throws Exception {
        Path log = Files.createTempFile("errorprop-oom", ".txt");
        try {
            Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx64m", "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                    ErrorpropCli.class.getName(), "train", "--hidden", "4000,4000", "--epochs", "1",
                    "--out", temp.resolve("big").toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(log.toFile()).start();
            assertTrue(java.waitFor(120, TimeUnit.SECONDS), "it ends");
            List<String> err = Files.readAllLines(log).stream()
                    .filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
            assertEquals(ErrorpropCli.USER_ERROR, java.exitValue(), String.join("\n", err));
            assertEquals(1, err.size(), String.join("\n", err));
            assertTrue(err.get(0).startsWith("errorprop train: "), err.get(0));
            assertEquals(List.of(), names(temp));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Test
    void anOutputDirectoryRemovedDuringTheRunIsOneLineAndExit1AndNothingIsRecreated() throws IOException {
        Path out = temp.resolve("run");
        Outcome lost = train(out, 2, () -> {
            try (Stream<Path> staging = Files.list(temp)) {
                for (Path p : staging.filter(p -> p.getFileName().toString().startsWith(".run.partial-")).toList()) {
                    deleteTree(p);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertEquals(ErrorpropCli.FAILURE, lost.exitCode(), lost.err());
        assertOneLineNoStackTrace(lost);
        assertTrue(lost.err().startsWith("errorprop train: the output directory was removed while errorprop was writing"
                + " it (by another process?); nothing was kept for " + out), lost.err());
        assertEquals(List.of(), names(temp), "the staging directory is not created again, and the lock is released");

        Outcome control = train(temp.resolve("kept"), 2, () -> { });
        assertEquals(0, control.exitCode(), control.err());
        assertEquals(List.of("kept"), names(temp));
    }

    /**
     * A 16 KiB tmpfs holds the lock and the staging directory but not the run's files (the learning-curve PNG alone is
     * about 15 KiB): one line, exit 1, and the file system is left empty. Needs root (CI runs as root); skipped with
     * the reason when mounting is refused.
     */
    @Test
    void aFullDiskIsOneLineAndExit1AndLeavesNothing() throws Exception {
        Path disk = Files.createDirectory(temp.resolve("disk"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Assumptions.assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here (not root?): " + said);
        try {
            Outcome full = train(disk.resolve("run"), 0, () -> { });
            assertEquals(ErrorpropCli.FAILURE, full.exitCode(), full.err());
            assertOneLineNoStackTrace(full);
            assertTrue(full.err().startsWith("errorprop train: the disk is full (") && full.err().contains(
                    "No space left on device") && full.err().contains("nothing was kept"), full.err());
            assertEquals(List.of(), names(disk), "nothing half-written, no staging directory, no lock");
        } finally {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
        }
    }
}
