package org.errorprop.experiments.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.errorprop.experiments.cli.ErrorpropCli;
import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Output directories survive interruptions: locks, stale staging directories, signals, and the umask. */
class OutputDirectoryTest {
    @TempDir
    Path temp;

    @TempDir
    Path logs;

    @Test
    void aCommittedDirectoryHasThePermissionsOfAPlainNewDirectory() throws IOException {
        Path out = temp.resolve("out");
        try (OutputDirectory directory = OutputDirectory.create(out, OutputKind.RUN)) {
            directory.writeText("a.txt", "a");
            directory.commit();
        }
        Path plain = Files.createDirectory(temp.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out));
        assertEquals(List.of(".errorprop-output", "a.txt", "out", "plain").size(), countAll(temp, out));
    }

    @Test
    void aSecondWriterOfTheSameTargetIsRefusedAtItsStart() throws IOException {
        Path out = temp.resolve("out");
        try (OutputDirectory first = OutputDirectory.create(out, OutputKind.RUN)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> OutputDirectory.create(out, OutputKind.RUN));
            assertTrue(e.getMessage().contains("another errorprop run is writing"), e.getMessage());
            first.writeText("a.txt", "a");
            first.commit();
        }
        assertEquals(List.of("out"), names(temp), "no lock file or staging directory is left");
    }

    @Test
    void stagingLeftByADeadProcessIsRemovedByTheNextRunAndALiveOnesIsKept() throws Exception {
        Process gone = new ProcessBuilder(javaBinary(), "-version").redirectErrorStream(true).start();
        gone.getInputStream().readAllBytes();
        assertEquals(0, gone.waitFor());
        Path stale = Files.createDirectory(temp.resolve(".out.partial-" + gone.pid() + "-123"));
        Files.writeString(stale.resolve("metrics.csv"), "half");
        Path live = Files.createDirectory(temp.resolve(".out.partial-" + ProcessHandle.current().pid() + "-456"));
        try (OutputDirectory directory = OutputDirectory.create(temp.resolve("out"), OutputKind.RUN)) {
            assertFalse(Files.exists(stale), "a dead process's staging directory is removed");
            assertTrue(Files.exists(live), "a live process's is kept");
        }
    }

    @Test
    void sigtermRemovesTheUnfinishedOutputAndSaysSo() throws Exception {
        Path out = temp.resolve("run");
        Process run = startTraining(out);
        awaitStaging(out);
        run.destroy();  // SIGTERM
        assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the run stops");
        String err = Files.readString(errorLog(), StandardCharsets.UTF_8);
        assertTrue(err.contains("stopped before finishing; removed the unfinished output for " + out
                + "; its last checkpoint (if it took one) is kept: `errorprop train --resume " + out + "` continues it"),
                err);
        assertEquals(1, err.lines().filter(line -> line.contains("errorprop")).count(), "one line: " + err);
        assertEquals(List.of(".run.checkpoint"), names(temp),
                "nothing is left but what `train --resume` continues from: no run, staging directory or lock file");
    }

    @Test
    void afterSigkillTheNextRunOnTheTargetCleansUpAndProceeds() throws Exception {
        Path out = temp.resolve("run");
        Process run = startTraining(out);
        awaitStaging(out);
        run.destroyForcibly();  // SIGKILL: no hook runs
        assertTrue(run.waitFor(60, TimeUnit.SECONDS));
        assertTrue(names(temp).stream().anyMatch(n -> n.startsWith(".run.partial-")), names(temp).toString());
        try (OutputDirectory again = OutputDirectory.create(out, OutputKind.RUN)) {
            assertTrue(names(temp).stream().filter(n -> n.startsWith(".run.partial-")).count() == 1,
                    "only the new staging directory: " + names(temp));
            again.writeText("a.txt", "a");
            again.commit();
        }
        assertEquals(List.of(".run.checkpoint", "run"), names(temp), "the killed train run's checkpoints stay");
    }

    private Process startTraining(Path out) throws IOException {
        return new ProcessBuilder(javaBinary(), "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), ErrorpropCli.class.getName(), "train", "--epochs", "500",
                "--hidden", "16,16", "--probe-every", "0", "--out", out.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errorLog().toFile()).start();
    }

    /** Outside {@link #temp}, whose listing the tests check. */
    private Path errorLog() throws IOException {
        return logs.resolve("stderr.txt");
    }

    private void awaitStaging(Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (names(temp).stream().noneMatch(n -> n.startsWith("." + out.getFileName() + ".partial-"))) {
            assertTrue(System.nanoTime() < deadline, "the run never started writing: " + names(temp));
            Thread.sleep(20);
        }
        Thread.sleep(300);  // into training
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static int countAll(Path root, Path out) throws IOException {
        try (Stream<Path> inOut = Files.list(out); Stream<Path> inRoot = Files.list(root)) {
            return (int) (inOut.count() + inRoot.count());
        }
    }
}
