package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * A diverged run is a result: its directory is committed with every epoch it finished, {@code status.yaml} and
 * {@code report.md} say where it diverged, and the exit code is 3; {@code compare} records the diverged cell and
 * goes on. Each case has a control that differs only in the setting that makes it diverge.
 */
class DivergedRunTest {
    private static final String[] SMALL = {"--hidden", "16,16", "--probe-every", "0"};

    @TempDir
    Path temp;

    private static CliRun run(String command, Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of(command, "--out", out.toString()));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static Map<String, Object> status(Path directory) throws IOException {
        return new Yaml().load(Files.readString(directory.resolve("status.yaml")));
    }

    /** SGD at rate 10¹⁵⁰ on squared error: the parameters overflow within a few steps. */
    private static final String[] ABSURD = {"--optimizer", "sgd", "--lr", "1e150", "--loss", "squared-error"};

    @Test
    void aTrainRunThatDivergesKeepsItsDirectoryMarkedDivergedAndExits3() throws IOException {
        Path out = temp.resolve("absurd");
        CliRun diverged = run("train", out, concat(ABSURD, "--epochs", "2"));
        assertEquals(ErrorpropCli.DIVERGED, diverged.exitCode(), diverged.err());
        assertEquals(1, diverged.errLines().size(), diverged.err());
        assertTrue(diverged.err().contains("diverged: ") && diverged.err().contains("in epoch 1, step "),
                diverged.err());
        Map<String, Object> status = status(out);
        assertEquals("diverged", status.get("status"));
        assertEquals(1, status.get("epoch"));
        assertTrue(status.get("step") instanceof Integer, status.toString());
        assertTrue(((String) status.get("where")).matches("loss|signal at boundary \\d|parameters of block \\d"),
                status.toString());
        assertTrue(!Double.isFinite((Double) status.get("value")), status.toString());
        for (String file : List.of("spec.yaml", "provenance.yaml", "metrics.csv", "learning-curves.png", "report.md",
                ".errorprop-output")) {
            assertTrue(Files.exists(out.resolve(file)), file);
        }
        assertTrue(Files.readString(out.resolve("report.md")).contains("**Status: diverged.**"));

        Path sane = temp.resolve("sane");
        CliRun control = run("train", sane, "--optimizer", "sgd", "--lr", "1e-2", "--loss", "squared-error",
                "--epochs", "2");
        assertEquals(0, control.exitCode(), control.err());
        assertEquals(Map.of("status", "complete"), status(sane));
        assertTrue(!Files.readString(sane.resolve("report.md")).contains("Status: diverged"));
    }

    /**
     * cSG with its synthesizer's rate scaled by 10¹⁵⁰: the synthesizer's weights overflow and its prediction, the
     * signal at boundary 2, becomes non-finite; backprop beside it is unaffected. The comparison writes every file,
     * marks the cSG cells diverged, and exits 3.
     */
    @Test
    void compareRecordsADivergedCellAndGoesOn() throws IOException {
        Path out = temp.resolve("cmp");
        CliRun cmp = run("compare", out, "--methods", "backprop,csg", "--seeds", "1,2", "--epochs", "2",
                "--synthesizer-lr-scale", "1e150");
        assertEquals(ErrorpropCli.DIVERGED, cmp.exitCode(), cmp.err());
        List<String> rows = Files.readAllLines(out.resolve("summary.csv"));
        assertTrue(rows.get(0).endsWith(",status"), rows.get(0));
        assertEquals(List.of("complete", "complete", "diverged", "diverged"),
                rows.subList(1, rows.size()).stream().map(r -> r.substring(r.lastIndexOf(',') + 1)).toList(),
                String.join("\n", rows));
        Map<String, Object> cell = status(out.resolve("runs/csg-seed1"));
        assertEquals("diverged", cell.get("status"));
        assertEquals("signal at boundary 2", cell.get("where"), cell.toString());
        assertEquals("complete", status(out.resolve("runs/backprop-seed1")).get("status"));
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("| csg | 0 | - | - | - | diverged: seed 1: the signal at boundary 2 became"),
                summary);
        assertTrue(summary.contains("| backprop | 2 |") && summary.contains("| complete |"), summary);
        assertTrue(Files.size(out.resolve("learning-curves.png")) > 0);

        Path sane = temp.resolve("cmp-sane");
        CliRun control = run("compare", sane, "--methods", "backprop,csg", "--seeds", "1,2", "--epochs", "2");
        assertEquals(0, control.exitCode(), control.err());
        assertTrue(Files.readAllLines(sane.resolve("summary.csv")).stream().skip(1).allMatch(r -> r.endsWith(",complete")));
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
