package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * A relative {@code --data} is recorded as its absolute, normalised path, so a run's spec.yaml replays from any
 * working directory; {@code embedded} stays a name.
 */
class DataPathTest {
    @TempDir
    Path temp;

    @Test
    void aRelativeDataDirectoryIsRecordedAbsoluteAndReplaysFromAnotherWorkingDirectory() throws Exception {
        Path data = TinyMnist.write(temp.resolve("digits"), TinyMnist.files());
        Path here = Path.of("").toAbsolutePath();
        // As a user types it: relative to the working directory, with a detour through "..".
        String relative = here.relativize(temp).resolve("digits/../digits").toString();
        Path first = temp.resolve("first");
        CliRun run = CliRun.of("train", "--data", relative, "--hidden", "4", "--epochs", "1", "--batch-size", "4",
                "--out", first.toString());
        assertEquals(0, run.exitCode(), run.err());
        Map<String, Object> spec = new Yaml().load(Files.readString(first.resolve("spec.yaml")));
        assertEquals(data.toRealPath().toString(), spec.get("data"), "spec.yaml records the absolute, normalised path");
        assertTrue(Files.readString(first.resolve("report.md")).contains(data.toRealPath().toString()));

        // Replay in another JVM whose working directory is elsewhere, where the relative path means nothing.
        Path elsewhere = Files.createDirectory(temp.resolve("elsewhere"));
        Path second = temp.resolve("second");
        Process replay = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                ErrorpropCli.class.getName(), "train", "--spec", first.resolve("spec.yaml").toString(), "--out",
                second.toString()).directory(elsewhere.toFile()).redirectErrorStream(true)
                .redirectOutput(temp.resolve("replay.log").toFile()).start();
        assertTrue(replay.waitFor(120, TimeUnit.SECONDS), "the replay finishes");
        assertEquals(0, replay.exitValue(), Files.readString(temp.resolve("replay.log")));
        assertEquals(Files.readString(first.resolve("metrics.csv")).lines().map(DataPathTest::withoutSeconds).toList(),
                Files.readString(second.resolve("metrics.csv")).lines().map(DataPathTest::withoutSeconds).toList(),
                "the replay trains on the same data to the same numbers");
    }

    @Test
    void theDataNamesStayNames() throws IOException {
        Path out = temp.resolve("run");
        CliRun run = CliRun.of("train", "--hidden", "4", "--epochs", "1", "--probe-every", "0", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        Map<String, Object> spec = new Yaml().load(Files.readString(out.resolve("spec.yaml")));
        assertEquals("embedded", spec.get("data"));
    }

    /** A metrics row without its last column, the epoch's wall-clock seconds. */
    private static String withoutSeconds(String row) {
        return row.substring(0, row.lastIndexOf(','));
    }
}
