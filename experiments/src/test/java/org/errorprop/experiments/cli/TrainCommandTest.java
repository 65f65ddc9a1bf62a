package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    /** A small network so each run takes about a second on the embedded digits. */
    private static final String[] SMALL = {"--epochs", "2", "--hidden", "32"};

    @TempDir
    Path temp;

    private CliRun train(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void writesEveryFileOfARunDirectory() throws Exception {
        Path out = temp.resolve("run");
        CliRun run = train(out);
        assertEquals(0, run.exitCode(), run.err());
        for (String file : List.of("spec.yaml", "provenance.yaml", "metrics.csv", "learning-curves.png", "report.md")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals("epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds", metrics.get(0));
        assertEquals(3, metrics.size(), "header and one row per epoch");
        double testAccuracy = Double.parseDouble(metrics.get(2).split(",")[4]);
        assertTrue(testAccuracy > 0.85, "a 784-32-10 network learns the digits in 2 epochs: " + testAccuracy);
        String provenance = Files.readString(out.resolve("provenance.yaml"));
        assertTrue(provenance.contains("blas_backend:") && provenance.contains("seed: 1")
                && provenance.contains("errorprop_revision:") && provenance.contains("java_version:"), provenance);
        assertTrue(run.out().contains("test accuracy"), run.out());
    }

    @Test
    void sameSpecAndSeedGiveBitIdenticalMetrics() throws Exception {
        Path first = temp.resolve("first");
        Path second = temp.resolve("second");
        assertEquals(0, train(first, "--seed", "7").exitCode());
        assertEquals(0, train(second, "--seed", "7").exitCode());
        assertArrayEquals(Files.readAllBytes(first.resolve("metrics.csv")),
                Files.readAllBytes(second.resolve("metrics.csv")));
        assertEquals(Files.readString(first.resolve("spec.yaml")), Files.readString(second.resolve("spec.yaml")));
    }

    @Test
    void anotherSeedGivesOtherNumbers() throws Exception {
        Path first = temp.resolve("first");
        Path second = temp.resolve("second");
        assertEquals(0, train(first, "--seed", "7").exitCode());
        assertEquals(0, train(second, "--seed", "8").exitCode());
        assertTrue(!Files.readString(first.resolve("metrics.csv")).equals(Files.readString(second.resolve("metrics.csv"))),
                "the seed must reach the weights or the data order");
    }

    @Test
    void specFileReplaysTheRun() throws Exception {
        Path first = temp.resolve("first");
        assertEquals(0, train(first, "--seed", "3").exitCode());
        Path replay = temp.resolve("replay");
        CliRun run = CliRun.of("train", "--spec", first.resolve("spec.yaml").toString(), "--out", replay.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertArrayEquals(Files.readAllBytes(first.resolve("metrics.csv")),
                Files.readAllBytes(replay.resolve("metrics.csv")));
    }
}
