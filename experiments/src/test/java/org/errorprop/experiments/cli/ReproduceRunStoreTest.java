package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code reproduce --runs DIR} and {@code --shard I/N}: a rerun reads the stored training runs instead of training
 * them, shards split them, and either way the report's numbers are those of one straight run.
 */
class ReproduceRunStoreTest {
    @TempDir
    Path temp;

    private CliRun reproduce(String... extra) {
        String[] words = new String[4 + extra.length];
        words[0] = "reproduce";
        words[1] = "fig5";
        words[2] = "--smoke";
        words[3] = "--seed=3";
        System.arraycopy(extra, 0, words, 4, extra.length);
        return CliRun.of(words);
    }

    @Test
    void aRerunReadsEveryRunFromTheStoreAndReportsTheSameNumbers() throws Exception {
        Path runs = temp.resolve("store");
        CliRun straight = reproduce("--out", temp.resolve("straight").toString());
        assertEquals(0, straight.exitCode(), straight.err());
        CliRun first = reproduce("--runs", runs.toString(), "--out", temp.resolve("first").toString());
        assertEquals(0, first.exitCode(), first.err());
        CliRun second = reproduce("--runs", runs.toString(), "--out", temp.resolve("second").toString());
        assertEquals(0, second.exitCode(), second.err());
        String claims = Files.readString(temp.resolve("straight/claims.csv"));
        assertEquals(claims, Files.readString(temp.resolve("first/claims.csv")));
        assertEquals(claims, Files.readString(temp.resolve("second/claims.csv")));
        String provenance = Files.readString(temp.resolve("second/provenance.yaml"));
        assertTrue(provenance.contains("runs_trained_by_this_process: '0'"), provenance);
        assertFalse(provenance.contains("runs_read_from_the_store: '0'"), provenance);
    }

    @Test
    void theRepresentationNetworksAndProbesAreReadFromTheStoreWithTheSameNumbers() throws Exception {
        Path runs = temp.resolve("store");
        CliRun first = CliRun.of("reproduce", "supp8", "--smoke", "--runs", runs.toString(), "--out",
                temp.resolve("first").toString());
        assertEquals(0, first.exitCode(), first.err());
        CliRun second = CliRun.of("reproduce", "supp8", "--smoke", "--runs", runs.toString(), "--out",
                temp.resolve("second").toString());
        assertEquals(0, second.exitCode(), second.err());
        assertEquals(Files.readString(temp.resolve("first/claims.csv")), Files.readString(temp.resolve("second/claims.csv")));
        assertTrue(Files.readString(temp.resolve("second/provenance.yaml")).contains("runs_trained_by_this_process: '0'"));
        assertTrue(Files.isDirectory(runs.resolve("fig3-supp8/networks")) && Files.isDirectory(runs.resolve("supp8/probes")));
    }

    @Test
    void shardsTrainTheirPartsWithoutAReportAndTheWholeCommandAssemblesIt() throws Exception {
        Path runs = temp.resolve("store");
        CliRun straight = reproduce("--out", temp.resolve("straight").toString());
        assertEquals(0, straight.exitCode(), straight.err());
        for (String shard : new String[] {"0/2", "1/2"}) {
            CliRun part = reproduce("--runs", runs.toString(), "--shard", shard, "--out", temp.resolve("r").toString());
            assertEquals(0, part.exitCode(), part.err());
            assertTrue(part.out().contains("shard " + shard + ": trained "), part.out());
            assertFalse(Files.exists(temp.resolve("r")), "a shard writes no report");
        }
        CliRun assemble = reproduce("--runs", runs.toString(), "--out", temp.resolve("r").toString());
        assertEquals(0, assemble.exitCode(), assemble.err());
        assertEquals(Files.readString(temp.resolve("straight/claims.csv")),
                Files.readString(temp.resolve("r/claims.csv")));
        assertTrue(Files.readString(temp.resolve("r/provenance.yaml")).contains("runs_trained_by_this_process: '0'"));
    }

    @Test
    void aStoreOfAnotherSeedIsRefusedWithOneLine() {
        Path runs = temp.resolve("store");
        assertEquals(0, reproduce("--runs", runs.toString(), "--out", temp.resolve("a").toString()).exitCode());
        CliRun other = CliRun.of("reproduce", "fig5", "--smoke", "--seed=4", "--runs", runs.toString(), "--out",
                temp.resolve("b").toString());
        assertEquals(2, other.exitCode());
        assertEquals(1, other.errLines().size(), other.err());
        assertTrue(other.err().contains("seed: 3") && other.err().contains("seed: 4"), other.err());
        assertFalse(Files.exists(temp.resolve("b")));
    }

    @Test
    void aBadShardOrPrecisionIsOneLine() {
        CliRun shard = reproduce("--shard", "2/2", "--out", temp.resolve("a").toString());
        assertEquals(2, shard.exitCode());
        assertEquals(1, shard.errLines().size(), shard.err());
        CliRun precision = reproduce("--matmul-precision", "float16", "--out", temp.resolve("b").toString());
        assertEquals(2, precision.exitCode());
        assertEquals(1, precision.errLines().size(), precision.err());
        assertFalse(Files.exists(temp.resolve("a")) || Files.exists(temp.resolve("b")));
    }

    @Test
    void float32ProductsAreRecordedInTheProvenance() throws Exception {
        CliRun run = reproduce("--matmul-precision", "float32", "--out", temp.resolve("f").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.readString(temp.resolve("f/provenance.yaml")).contains("matmul_precision: 'float32'"));
    }
}
