package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.errorprop.proofs.Check;
import org.errorprop.proofs.catalog.Statements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifyCommandTest {
    @TempDir
    Path temp;

    @Test
    void everyStatementHoldsOnASmallSweepAndTheReportListsThemAll() throws Exception {
        Path out = temp.resolve("verify");
        CliRun run = CliRun.of("verify", "--examples", "2", "--seed", "3", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        List<Check<?>> all = Statements.all();
        String report = Files.readString(out.resolve("report.md"));
        for (Check<?> check : all) {
            assertTrue(run.out().contains(check.id()), "one line per statement: " + check.id());
            assertTrue(report.contains(check.paperReference()), check.paperReference());
        }
        assertEquals(1 + all.size(), Files.readAllLines(out.resolve("verdicts.csv")).size());
        assertTrue(run.out().contains("every statement held"), run.out());
    }

    @Test
    void anUnknownStatementIsAUserMistake() {
        CliRun run = CliRun.of("verify", "--only", "no-such-theorem", "--out", temp.resolve("x").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("unknown statement 'no-such-theorem'"), run.err());
        assertFalse(Files.exists(temp.resolve("x")));
    }

    @Test
    void aNonPositiveNumberOfExamplesIsAUserMistake() {
        CliRun run = CliRun.of("verify", "--examples", "0", "--out", temp.resolve("y").toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--examples must be from 1 to 1000000, was 0"), run.err());
    }
}
