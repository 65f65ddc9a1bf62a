package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A network without hidden layers ({@code hidden: []}) has no boundary to probe: with probing on (the default) the
 * run completes and writes no diagnostics (it used to crash after training, losing the run). The control, one
 * hidden layer, writes them.
 */
class NoHiddenLayerRunTest {
    @TempDir
    Path temp;

    private CliRun train(String hidden, Path out) throws IOException {
        Path spec = temp.resolve("spec-" + out.getFileName() + ".yaml");
        Files.writeString(spec, "hidden: " + hidden + "\nepochs: 1\nprobe_every: 10\n");
        return CliRun.of("train", "--spec", spec.toString(), "--out", out.toString());
    }

    @Test
    void aRunWithoutHiddenLayersCompletesWithoutDiagnostics() throws IOException {
        Path linear = temp.resolve("linear");
        CliRun run = train("[]", linear);
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("status: complete\n", Files.readString(linear.resolve("status.yaml")));
        assertFalse(Files.exists(linear.resolve("diagnostics.csv")));

        Path hidden = temp.resolve("hidden");
        CliRun control = train("[8]", hidden);
        assertEquals(0, control.exitCode(), control.err());
        assertTrue(Files.exists(hidden.resolve("diagnostics.csv")));
    }
}
