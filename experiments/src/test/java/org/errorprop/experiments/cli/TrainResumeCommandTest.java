package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.errorprop.experiments.run.ResumableRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --checkpoint-every} and {@code train --resume} at the command line, in-process. */
class TrainResumeCommandTest {
    private static final List<String> SMALL = List.of("--epochs", "2", "--hidden", "8", "--probe-every", "0");

    @TempDir
    Path temp;

    private static CliRun train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--out", out.toString()));
        args.addAll(SMALL);
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void assertOneLineMistake(CliRun run, String expected) {
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains(expected), run.err());
    }

    @Test
    void resumingACompleteRunSaysSoAndSucceeds() throws Exception {
        Path out = temp.resolve("run");
        assertEquals(0, train(out, "--checkpoint-every", "1").exitCode());
        assertTrue(Files.isRegularFile(out.resolve(ResumableRun.STATE_DIGEST)));
        assertFalse(Files.exists(ResumableRun.checkpointDirectory(out)), "no checkpoints stay beside a finished run");
        CliRun again = CliRun.of("train", "--resume", out.toString());
        assertEquals(0, again.exitCode(), again.err());
        assertTrue(again.out().contains(out + " is complete already"), again.out());
    }

    @Test
    void resumeTakesNoFlagThatWouldChangeTheSpec() {
        Path out = temp.resolve("run");
        assertOneLineMistake(CliRun.of("train", "--resume", out.toString(), "--epochs", "3"),
                "it takes no --epochs (only --checkpoint-every)");
        assertOneLineMistake(CliRun.of("train", "--resume", out.toString(), "--out", "x"), "it takes no --out");
        assertOneLineMistake(CliRun.of("train", "--resume", out.toString(), "--seed", "2"), "it takes no --seed");
        assertOneLineMistake(CliRun.of("train", "--resume", out.toString(), "--feedback-scale", "2"),
                "it takes no rule option (got --feedback-scale)");
    }

    @Test
    void nothingToResumeIsAMistake() {
        assertOneLineMistake(CliRun.of("train", "--resume", temp.resolve("never").toString()),
                "nothing to resume in " + temp.resolve("never") + ": no unfinished run was started there");
    }

    @Test
    void aNegativeIntervalIsAMistake() {
        assertOneLineMistake(train(temp.resolve("run"), "--checkpoint-every", "-1"),
                "--checkpoint-every must be 0 (never) or a number of epochs, was -1");
        assertFalse(Files.exists(temp.resolve("run")));
    }

    @Test
    void aMistakeFoundAfterTheTargetWasTakenLeavesNothingBehind() throws Exception {
        Path data = Files.createDirectories(temp.resolve("not-mnist"));
        assertEquals(2, train(temp.resolve("run"), "--data", data.toString()).exitCode());
        try (java.util.stream.Stream<Path> left = Files.list(temp)) {
            assertEquals(List.of("not-mnist"), left.map(p -> p.getFileName().toString()).toList());
        }
    }

    /** A run killed before its first checkpoint left only its spec: {@code --resume} starts it again. */
    @Test
    void aRunKilledBeforeItsFirstCheckpointStartsAgainFromTheBeginning() throws Exception {
        Path reference = temp.resolve("reference");
        assertEquals(0, train(reference, "--checkpoint-every", "0").exitCode());
        Path out = temp.resolve("run");
        Path checkpoints = ResumableRun.checkpointDirectory(out);
        Files.createDirectories(checkpoints);
        Files.copy(reference.resolve("spec.yaml"), checkpoints.resolve("spec.yaml"));
        CliRun resumed = CliRun.of("train", "--resume", out.toString());
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertFalse(resumed.out().contains("continuing"), resumed.out());
        assertEquals(Files.readString(reference.resolve("metrics.csv")), Files.readString(out.resolve("metrics.csv")));
        assertEquals(Files.readString(reference.resolve(ResumableRun.STATE_DIGEST)),
                Files.readString(out.resolve(ResumableRun.STATE_DIGEST)));
    }

    /** The same command again continues the same run; another spec on its directory is refused, nothing touched. */
    @Test
    void anUnfinishedRunIsContinuedByItsOwnSpecAndRefusedToAnother() throws Exception {
        Path out = temp.resolve("run");
        Path checkpoints = ResumableRun.checkpointDirectory(out);
        Files.createDirectories(checkpoints);
        Path reference = temp.resolve("reference");
        assertEquals(0, train(reference).exitCode());
        Files.copy(reference.resolve("spec.yaml"), checkpoints.resolve("spec.yaml"));
        assertOneLineMistake(train(out, "--seed", "4"), "holds an unfinished run of another spec");
        assertTrue(Files.exists(checkpoints.resolve("spec.yaml")));
        CliRun same = train(out);
        assertEquals(0, same.exitCode(), same.err());
        assertEquals(Files.readString(reference.resolve("metrics.csv")), Files.readString(out.resolve("metrics.csv")));
    }
}
