package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --schedule pipelined}: the run directory, its spec, and the one-line refusals. */
class PipelinedScheduleCommandTest {
    private static final String[] SMALL = {"--epochs", "2", "--hidden", "16,16,16", "--batch-size", "32",
        "--probe-every", "0"};

    @TempDir
    Path temp;

    private CliRun train(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(List.of(SMALL));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void aPipelinedRunWritesItsStagesAndASpecThatReplaysTheSchedule() throws Exception {
        Path out = temp.resolve("run");
        CliRun run = train(out, "--method", "csg", "--sg-at", "2", "--schedule", "pipelined", "--stage-boundaries", "2");
        assertEquals(0, run.exitCode(), run.err());
        List<String> stages = Files.readAllLines(out.resolve("pipeline.csv"));
        assertEquals(3, stages.size(), "a header and two stages: " + stages);
        assertTrue(stages.get(1).startsWith("0,1,2,") && stages.get(2).startsWith("1,3,4,"), stages.toString());
        String spec = Files.readString(out.resolve("spec.yaml"));
        assertTrue(spec.contains("schedule: pipelined") && spec.contains("stage_boundaries: [2]"), spec);
        assertTrue(Files.readString(out.resolve("provenance.yaml")).contains("schedule: 'pipelined: blocks 1-2 | blocks 3-4"));
        assertEquals(3, Files.readAllLines(out.resolve("metrics.csv")).size(), "a header and two epochs");
        Path replay = temp.resolve("replay");
        CliRun again = CliRun.of("train", "--spec", out.resolve("spec.yaml").toString(), "--out", replay.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(Files.exists(replay.resolve("pipeline.csv")), "the spec replays the pipelined schedule");
    }

    @Test
    void aSequentialRunsSpecHasNoScheduleKeys() throws Exception {
        Path out = temp.resolve("run");
        assertEquals(0, train(out, "--method", "csg").exitCode());
        assertFalse(Files.readString(out.resolve("spec.yaml")).contains("schedule"));
        assertFalse(Files.exists(out.resolve("pipeline.csv")));
    }

    @Test
    void updateLockedRulesCheckpointsAndAnUnlockedCutAreRefusedWithOneLine() {
        CliRun backprop = train(temp.resolve("a"), "--method", "backprop", "--schedule", "pipelined");
        CliRun dfa = train(temp.resolve("b"), "--method", "dfa", "--schedule", "pipelined");
        CliRun checkpoint = train(temp.resolve("c"), "--method", "csg", "--schedule", "pipelined", "--checkpoint-every",
                "1");
        CliRun lockedCut = train(temp.resolve("d"), "--method", "csg", "--sg-at", "2", "--schedule", "pipelined",
                "--stage-boundaries", "1");
        CliRun sequentialP = train(temp.resolve("e"), "--method", "csg", "--update-probability", "0.5",
                "--checkpoint-every", "1");
        CliRun badSchedule = train(temp.resolve("f"), "--method", "csg", "--schedule", "parallel");
        for (CliRun run : List.of(backprop, dfa, checkpoint, lockedCut, sequentialP, badSchedule)) {
            assertEquals(2, run.exitCode(), run.err());
            assertEquals(1, run.errLines().size(), run.err());
        }
        assertTrue(backprop.err().contains("update locked at every boundary"), backprop.err());
        assertTrue(dfa.err().contains("backward unlocked"), dfa.err());
        assertTrue(checkpoint.err().contains("does not checkpoint"), checkpoint.err());
        assertTrue(lockedCut.err().contains("update-unlocked boundaries: [2]"), lockedCut.err());
        assertTrue(sequentialP.err().contains("cannot be checkpointed"), sequentialP.err());
        for (String dir : List.of("a", "b", "c", "d", "e", "f")) {
            assertFalse(Files.exists(temp.resolve(dir)), "nothing written for " + dir);
        }
    }

    @Test
    void benchWithThePipelinedScheduleWritesItsRowsModelAndAccuracyOverTime() throws Exception {
        Path out = temp.resolve("bench");
        Path csv = temp.resolve("rows.csv");
        CliRun run = CliRun.of("bench", "--schedule", "pipelined", "--depths", "2", "--width", "8", "--batch", "16",
                "--steps", "4", "--repeats", "1", "--accuracy-epochs", "1", "--accuracy-seeds", "1", "--out",
                out.toString(), "--csv", csv.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> rows = Files.readAllLines(csv);
        assertTrue(rows.get(0).startsWith("method,depth,width,batch,schedule,threads,samples_per_second"), rows.get(0));
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("csg,2,8,16,sequential,1,")), rows.toString());
        assertTrue(rows.stream().anyMatch(r -> r.startsWith("csg,2,8,16,pipelined,2,")), rows.toString());
        for (String file : List.of("report.md", "throughput.csv", "model.csv", "model.png", "accuracy-vs-time.csv",
                "accuracy-vs-time.png")) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        assertEquals(1 + 3, Files.readAllLines(out.resolve("accuracy-vs-time.csv")).size(),
                "a header and one epoch of each of the three runs");
        CliRun peer = CliRun.of("bench", "--schedule", "pipelined", "--peer", "--out", temp.resolve("x").toString());
        assertEquals(2, peer.exitCode());
        assertEquals(1, peer.errLines().size(), peer.err());
        assertFalse(Files.exists(temp.resolve("x")));
        CliRun unknown = CliRun.of("bench", "--schedule", "parallel", "--out", temp.resolve("y").toString());
        assertEquals(2, unknown.exitCode());
        assertEquals(1, unknown.errLines().size(), unknown.err());
        assertTrue(unknown.err().contains("--schedule takes sequential or pipelined, not 'parallel'"), unknown.err());
        assertFalse(Files.exists(temp.resolve("y")));
    }

    /**
     * Ctrl-C (SIGINT; SIGTERM does the same) on a pipelined training process: it stops within seconds, every stage
     * with it, and the metrics of the epochs it finished stay in the checkpoint directory, whole lines only.
     */
    @Test
    void anInterruptedPipelinedRunStopsAndKeepsTheMetricsOfItsFinishedEpochs() throws Exception {
        Path out = temp.resolve("stopped");
        Path log = temp.resolve("stopped.stderr.txt");
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin",
                "java").toString(), "--add-modules", "jdk.incubator.vector", "-Derrorprop.threads=2", "-cp",
                System.getProperty("java.class.path"), ErrorpropCli.class.getName(), "train", "--method", "csg",
                "--sg-at", "2", "--schedule", "pipelined", "--hidden", "16,16,16", "--batch-size", "32", "--probe-every",
                "0", "--epochs", "100000", "--out", out.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(log.toFile());
        builder.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process process = builder.start();
        Path soFar = org.errorprop.experiments.run.ResumableRun.checkpointDirectory(out)
                .resolve(org.errorprop.experiments.run.ResumableRun.METRICS_SO_FAR);
        long deadline = System.nanoTime() + 120_000_000_000L;
        while ((!Files.exists(soFar) || Files.readAllLines(soFar).size() < 3) && System.nanoTime() < deadline
                && process.isAlive()) {
            Thread.sleep(100);
        }
        assertTrue(process.isAlive(), "the run was still training: " + Files.readString(log));
        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
        assertTrue(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "it stopped within 30 s");
        List<String> lines = Files.readAllLines(soFar);
        assertEquals("epoch,train_loss,train_accuracy,test_loss,test_accuracy,seconds", lines.get(0));
        assertTrue(lines.size() >= 3, "at least two finished epochs kept: " + lines);
        for (int i = 1; i < lines.size(); i++) {
            assertEquals(6, lines.get(i).split(",").length, "a whole line: " + lines.get(i));
            assertTrue(lines.get(i).startsWith(i + ","), lines.get(i));
        }
        assertFalse(Files.exists(out.resolve("metrics.csv")), "the run directory was not published");
        assertTrue(Files.readString(log).contains(org.errorprop.experiments.run.ResumableRun.METRICS_SO_FAR),
                Files.readString(log));
    }

    @Test
    void theSequentialScheduleTakesAnUpdateProbabilityPerBlockAndKeepsItsBitsForASeed() throws Exception {
        Path half = temp.resolve("half");
        Path again = temp.resolve("again");
        Path always = temp.resolve("always");
        assertEquals(0, train(half, "--method", "csg", "--update-probability", "0.5", "--seed", "4").exitCode());
        assertEquals(0, train(again, "--method", "csg", "--update-probability", "0.5", "--seed", "4").exitCode());
        assertEquals(0, train(always, "--method", "csg", "--seed", "4").exitCode());
        String metrics = Files.readString(half.resolve("metrics.csv"));
        assertEquals(withoutSeconds(metrics), withoutSeconds(Files.readString(again.resolve("metrics.csv"))),
                "the same seed, the same coin, the same numbers");
        assertFalse(withoutSeconds(metrics).equals(withoutSeconds(Files.readString(always.resolve("metrics.csv")))),
                "skipping half the block updates changes the run");
        assertTrue(Files.readString(half.resolve("spec.yaml")).contains("update_probability: 0.5"));
    }

    private static String withoutSeconds(String metricsCsv) {
        StringBuilder kept = new StringBuilder();
        for (String line : metricsCsv.split("\n")) {
            kept.append(line, 0, line.lastIndexOf(',')).append('\n');
        }
        return kept.toString();
    }
}
