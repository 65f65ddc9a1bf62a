package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code errorprop reproduce}: the report's shape, the choice of scale, replacing, and bad input. */
class ReproduceCommandTest {
    @TempDir
    Path temp;

    @Test
    void writesAReportWithEveryClaimAClaimsCsvAndProvenance() throws Exception {
        Path out = temp.resolve("supp6");
        CliRun run = CliRun.of("reproduce", "supp6", "--smoke", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("## Summary"), report);
        assertTrue(report.contains("(smoke scale)"), report);
        assertTrue(report.contains("<a id=\"supp6\"></a>"), report);
        List<String> claims = Files.readAllLines(out.resolve("claims.csv"));
        assertEquals("experiment,finding,paper,criterion,ours,holds,registration", claims.get(0));
        for (String claim : claims.subList(1, claims.size())) {
            // smoke scale (for tests) registers nothing: its claims are listed and marked, and none counts
            assertTrue(claim.endsWith(",not_registered"), claim);
        }
        assertTrue(run.out().contains("0 of " + (claims.size() - 1) + " claims hold under"), run.out());
        assertTrue(Files.readString(out.resolve("provenance.yaml")).contains("criteria_sha256: "));
        long summaryRows = report.lines().filter(l -> l.startsWith("| [supp6](#supp6)")).count();
        assertEquals(claims.size() - 1, summaryRows, "one summary row per claim");
        assertTrue(Files.readString(out.resolve("provenance.yaml")).contains("command: 'errorprop reproduce supp6"));
        assertTrue(run.out().contains("claims hold under their registered criteria; wrote"), run.out());
    }

    @Test
    void severalExperimentsMakeOneReportInTheOrderOfAll() throws Exception {
        Path out = temp.resolve("two");
        CliRun run = CliRun.of("reproduce", "supp6,fig2", "--smoke", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<String> experiments = Files.readAllLines(out.resolve("claims.csv")).stream().skip(1)
                .map(line -> line.substring(0, line.indexOf(','))).distinct().toList();
        assertEquals(List.of("fig2", "supp6"), experiments);
    }

    @Test
    void quickAndFullAreMutuallyExclusive() {
        CliRun run = CliRun.of("reproduce", "supp6", "--quick", "--full", "--out", temp.resolve("x").toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertFalse(Files.exists(temp.resolve("x")));
    }

    @Test
    void anUnknownExperimentIsAUserMistakeListingTheKnownOnes() {
        CliRun run = CliRun.of("reproduce", "fig99", "--out", temp.resolve("x").toString());
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("unknown experiment 'fig99'") && run.err().contains("supp6"), run.err());
        assertFalse(Files.exists(temp.resolve("x")));
    }

    @Test
    void anExistingOutputIsRefusedUnlessReplacingAnEarlierReproduction() throws Exception {
        Path out = temp.resolve("r");
        assertEquals(0, CliRun.of("reproduce", "supp6", "--smoke", "--out", out.toString()).exitCode());
        Files.writeString(out.resolve("stale.txt"), "left from before");

        CliRun refused = CliRun.of("reproduce", "supp6", "--smoke", "--out", out.toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("already exists"), refused.err());

        // a file errorprop did not write stops the replacement, and nothing is touched
        CliRun kept = CliRun.of("reproduce", "supp6", "--smoke", "--replace", "--out", out.toString());
        assertEquals(2, kept.exitCode(), kept.err());
        assertEquals(1, kept.errLines().size(), kept.err());
        assertTrue(kept.err().contains("holds stale.txt, which errorprop did not write there"), kept.err());
        assertEquals("left from before", Files.readString(out.resolve("stale.txt")));

        Files.delete(out.resolve("stale.txt"));
        Files.writeString(out.resolve("report.md"), "an old report");
        CliRun replaced = CliRun.of("reproduce", "supp6", "--smoke", "--replace", "--out", out.toString());
        assertEquals(0, replaced.exitCode(), replaced.err());
        assertFalse(Files.readString(out.resolve("report.md")).equals("an old report"), "the old directory is replaced");
        assertTrue(Files.exists(out.resolve("report.md")));
        try (var siblings = Files.list(temp)) {
            assertEquals(List.of(out), siblings.toList(), "no staging or replaced directory is left beside it");
        }
    }

    @Test
    void replaceNeverDeletesWhatErrorpropDidNotWrite() throws Exception {
        // the case: a report.md of the user's own beside a thesis and a data folder
        Path work = temp.resolve("w");
        Files.createDirectories(work.resolve("data"));
        Files.writeString(work.resolve("report.md"), "x");
        Files.writeString(work.resolve("thesis.tex"), "keep");
        CliRun run = CliRun.of("reproduce", "supp6", "--smoke", "--replace", "--out", work.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("was not written by errorprop"), run.err());
        assertEquals("keep", Files.readString(work.resolve("thesis.tex")));
        assertTrue(Files.isDirectory(work.resolve("data")));
        try (var siblings = Files.list(temp)) {
            assertEquals(List.of(work), siblings.toList(), "no staging directory is left beside it");
        }
    }

    @Test
    void replaceRefusesAnotherKindOfErrorpropOutput() throws Exception {
        Path run = temp.resolve("run");
        assertEquals(0, CliRun.of("train", "--epochs", "1", "--hidden", "16,16", "--probe-every", "0", "--out",
                run.toString()).exitCode());
        Path metrics = run.resolve("metrics.csv");
        String before = Files.readString(metrics);
        CliRun replace = CliRun.of("reproduce", "supp6", "--smoke", "--replace", "--out", run.toString());
        assertEquals(2, replace.exitCode(), replace.err());
        assertTrue(replace.err().contains("holds a run written by 'errorprop train', not a reproduction"),
                replace.err());
        assertEquals(before, Files.readString(metrics));
    }

    @Test
    void replaceRefusesADirectoryThatIsNotAReproduction() throws Exception {
        Path other = temp.resolve("precious");
        Files.createDirectories(other);
        Files.writeString(other.resolve("notes.txt"), "mine");
        CliRun run = CliRun.of("reproduce", "supp6", "--smoke", "--replace", "--out", other.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("refusing to replace"), run.err());
        assertEquals("mine", Files.readString(other.resolve("notes.txt")));
    }
}
