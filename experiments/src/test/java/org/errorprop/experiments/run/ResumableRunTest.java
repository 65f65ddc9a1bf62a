package org.errorprop.experiments.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.experiments.checkpoint.Checkpoint;
import org.errorprop.experiments.checkpoint.CheckpointFormat;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.experiments.spec.SpecYaml;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.training.StepResult;
import org.errorprop.framework.training.TrainingListener;
import org.errorprop.methods.MethodCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One spec into one directory, stopped and continued in-process: the files equal an uninterrupted run's. */
class ResumableRunTest {
    private static final Compute COMPUTE = Compute.sequential();
    private static final MethodCatalog CATALOG = MethodCatalog.standard();

    @TempDir
    Path temp;

    private static RunSpec spec(Map<String, Object> changes) {
        Map<String, Object> settings = new LinkedHashMap<>(Map.of("hidden", List.of(6, 5), "batch_size", 16,
                "epochs", 5, "probe_every", 3, "learning_rate", 0.02, "method", "csg"));
        settings.putAll(changes);
        return SpecYaml.apply(CATALOG, RunSpec.reference(), settings);
    }

    private static DataSplit data() {
        return new DataSplit(dataset("train", 120, 1), dataset("test", 40, 2));
    }

    private static Dataset dataset(String name, int size, long seed) {
        RandomGenerator random = new RandomStreams(seed).startOf(name);
        DMatrixRMaj inputs = new DMatrixRMaj(size, 7);
        int[] labels = new int[size];
        for (int i = 0; i < size; i++) {
            labels[i] = random.nextInt(3);
            for (int c = 0; c < 7; c++) {
                inputs.set(i, c, random.nextGaussian() + (c == labels[i] ? 1.5 : 0));
            }
        }
        return Dataset.classification(name, inputs, labels, 3);
    }

    private static LongSupplier fakeClock() {
        long[] now = {0};
        return () -> now[0] += 1_000_000L;
    }

    private static Map<String, String> provenance() {
        return Map.of("blas_backend", "test", "errorprop_revision", "test");
    }

    private static void train(ResumableRun run, TrainingListener listener, CheckpointSchedule schedule) {
        run.train(data(), "test data", provenance(), COMPUTE, fakeClock(), listener, schedule);
    }

    /** Stops training by throwing from step {@code step} of epoch {@code epoch}, as a crash would. */
    private static TrainingListener crashingAt(int epoch, int step) {
        return new TrainingListener() {
            @Override
            public void stepFinished(int e, int s, int stepsPerEpoch, StepResult result) {
                if (e == epoch && s == step) {
                    throw new IllegalStateException("crash");
                }
            }
        };
    }

    private static final List<String> FILES = List.of("metrics.csv", "diagnostics.csv", "weights.csv",
            ResumableRun.STATE_DIGEST, "spec.yaml");

    private Path uninterrupted(RunSpec spec) {
        Path reference = temp.resolve("reference");
        try (ResumableRun run = ResumableRun.open(reference, spec)) {
            train(run, TrainingListener.NONE, CheckpointSchedule.everyEpochs(0));
        }
        return reference;
    }

    @Test
    void aRunStoppedTwiceAndContinuedWritesTheFilesOfAnUninterruptedRun() throws Exception {
        RunSpec spec = spec(Map.of());
        Path reference = uninterrupted(spec);
        Path target = temp.resolve("run");
        try (ResumableRun run = ResumableRun.open(target, spec)) {
            assertEquals(OptionalInt.empty(), run.resumedAfter());
            assertThrows(IllegalStateException.class, () -> train(run, crashingAt(3, 4), CheckpointSchedule.everyEpochs(1)));
        }
        assertFalse(Files.exists(target), "nothing committed");
        assertTrue(Files.isRegularFile(ResumableRun.checkpointDirectory(target).resolve("checkpoint.bin")));
        try (ResumableRun run = ResumableRun.open(target, spec)) {
            assertEquals(OptionalInt.of(2), run.resumedAfter());
            assertThrows(IllegalStateException.class, () -> train(run, crashingAt(5, 1), CheckpointSchedule.everyEpochs(2)));
        }
        try (ResumableRun run = ResumableRun.open(target, spec)) {
            assertEquals(OptionalInt.of(4), run.resumedAfter(), "every 2 epochs from epoch 2: after epoch 4");
            train(run, TrainingListener.NONE, CheckpointSchedule.everyEpochs(1));
        }
        for (String file : FILES) {
            // the fake clock makes even the seconds column equal here; with a real clock it is a timing
            assertArrayEquals(Files.readAllBytes(reference.resolve(file)), Files.readAllBytes(target.resolve(file)), file);
        }
        assertTrue(Files.readString(target.resolve("provenance.yaml")).contains("resumed_after_epoch: '4'"));
        assertFalse(Files.exists(ResumableRun.checkpointDirectory(target)), "committing removes the checkpoints");
        assertEquals(List.of(), hidden(temp), "no checkpoint, staging directory or lock is left");
        assertTrue(ResumableRun.complete(target));
    }

    /** The control: a continuation that starts from the checkpoint's history but a fresh trainer differs. */
    @Test
    void continuingWithoutTheSavedStateIsSeen() throws Exception {
        RunSpec spec = spec(Map.of());
        Path reference = uninterrupted(spec);
        Path target = temp.resolve("run");
        try (ResumableRun run = ResumableRun.open(target, spec)) {
            assertThrows(IllegalStateException.class, () -> train(run, crashingAt(3, 1), CheckpointSchedule.everyEpochs(1)));
        }
        Path file = ResumableRun.checkpointDirectory(target).resolve("checkpoint.bin");
        Checkpoint saved = CheckpointFormat.decode(Files.readAllBytes(file), "c");
        Trainer fresh = Trainer.start(TrainingSetup.of(spec, 7, 3, COMPUTE));
        AtomicFiles.write(file, CheckpointFormat.encode(new Checkpoint(saved.spec(), saved.epochs(), fresh.exportState(),
                saved.metrics(), saved.diagnostics())));
        try (ResumableRun run = ResumableRun.open(target, spec)) {
            train(run, TrainingListener.NONE, CheckpointSchedule.everyEpochs(1));
        }
        assertNotEquals(Files.readString(reference.resolve("metrics.csv")), Files.readString(target.resolve("metrics.csv")));
        assertNotEquals(Files.readString(reference.resolve(ResumableRun.STATE_DIGEST)),
                Files.readString(target.resolve(ResumableRun.STATE_DIGEST)));
    }

    private static List<String> hidden(Path directory) throws Exception {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).sorted().toList();
        }
    }

    private void killedAfterEpochOne(Path target, RunSpec spec) {
        try (ResumableRun run = ResumableRun.open(target, spec)) {
            assertThrows(IllegalStateException.class, () -> train(run, crashingAt(2, 1), CheckpointSchedule.everyEpochs(1)));
        }
    }

    @Test
    void anUnfinishedRunOfAnotherSpecIsRefusedAndNothingIsTouched() throws Exception {
        Path target = temp.resolve("run");
        killedAfterEpochOne(target, spec(Map.of()));
        Path checkpoint = ResumableRun.checkpointDirectory(target).resolve("checkpoint.bin");
        byte[] before = Files.readAllBytes(checkpoint);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ResumableRun.open(target, spec(Map.of("seed", 2L))));
        assertTrue(e.getMessage().contains("holds an unfinished run of another spec")
                && e.getMessage().contains("errorprop train --resume " + target), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(checkpoint));
        assertEquals(spec(Map.of()), ResumableRun.unfinished(CATALOG, target).orElseThrow(), "its spec is still there");
    }

    @Test
    void aCorruptOrForeignCheckpointIsRefusedWithOneLine() throws Exception {
        Path target = temp.resolve("run");
        RunSpec spec = spec(Map.of());
        killedAfterEpochOne(target, spec);
        Path file = ResumableRun.checkpointDirectory(target).resolve("checkpoint.bin");
        byte[] good = Files.readAllBytes(file);

        byte[] flipped = good.clone();
        flipped[flipped.length / 2] ^= 4;
        Files.write(file, flipped);
        assertTrue(refusedOpen(target, spec).contains("is corrupt: its SHA-256 checksum does not match"));

        Files.write(file, java.util.Arrays.copyOf(good, good.length - 9));
        assertTrue(refusedOpen(target, spec).contains("is truncated"));

        Checkpoint saved = CheckpointFormat.decode(good, "c");
        String otherYaml = SpecYaml.write(spec(Map.of("seed", 9L)));
        Files.write(file, CheckpointFormat.encode(new Checkpoint(otherYaml, 1, saved.state(), saved.metrics(),
                saved.diagnostics())));
        assertTrue(refusedOpen(target, spec).contains("belongs to another spec"));

        Trainer wider = Trainer.start(TrainingSetup.of(spec(Map.of("hidden", List.of(6, 6))), 7, 3, COMPUTE));
        Files.write(file, CheckpointFormat.encode(new Checkpoint(saved.spec(), 1, wider.exportState(), saved.metrics(),
                saved.diagnostics())));
        try (ResumableRun run = ResumableRun.open(target, spec)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> train(run, TrainingListener.NONE, CheckpointSchedule.everyEpochs(1)));
            assertTrue(e.getMessage().contains("does not fit this run") && e.getMessage().contains("network shape"),
                    e.getMessage());
        }

        Trainer backprop = Trainer.start(TrainingSetup.of(spec(Map.of("method", "backprop")), 7, 3, COMPUTE));
        Files.write(file, CheckpointFormat.encode(new Checkpoint(saved.spec(), 1, backprop.exportState(),
                saved.metrics(), saved.diagnostics())));
        try (ResumableRun run = ResumableRun.open(target, spec)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> train(run, TrainingListener.NONE, CheckpointSchedule.everyEpochs(1)));
            assertTrue(e.getMessage().contains("does not fit this run: the saved state has no 'signal-2/synthesizer"),
                    e.getMessage());
        }
        assertFalse(Files.exists(target), "nothing was committed");
        Files.write(file, good);
        try (ResumableRun run = ResumableRun.open(target, spec)) {
            assertEquals(OptionalInt.of(1), run.resumedAfter(), "the good checkpoint is still usable");
        }
    }

    private static String refusedOpen(Path target, RunSpec spec) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ResumableRun.open(target, spec));
        assertFalse(e.getMessage().contains("\n"));
        return e.getMessage();
    }

    /** A failure before the first checkpoint (a bad data set, say) leaves nothing beside the target. */
    @Test
    void aRunThatFailsBeforeItsFirstCheckpointLeavesNothing() throws Exception {
        Path target = temp.resolve("run");
        try (ResumableRun run = ResumableRun.open(target, spec(Map.of()))) {
            assertTrue(Files.isRegularFile(ResumableRun.checkpointDirectory(target).resolve("spec.yaml")),
                    "the spec is saved at once, for a kill before the first checkpoint");
            assertThrows(IllegalStateException.class, () -> train(run, crashingAt(1, 2), CheckpointSchedule.byDefault()));
        }
        try (Stream<Path> left = Files.list(temp)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aCompleteRunIsReportedAndCheckpointsLeftBesideItAreRemoved() throws Exception {
        Path target = temp.resolve("run");
        assertFalse(ResumableRun.complete(target));
        RunSpec spec = spec(Map.of("epochs", 1));
        try (ResumableRun run = ResumableRun.open(target, spec)) {
            train(run, TrainingListener.NONE, CheckpointSchedule.byDefault());
        }
        Files.createDirectories(ResumableRun.checkpointDirectory(target));
        assertTrue(ResumableRun.complete(target));
        assertFalse(Files.exists(ResumableRun.checkpointDirectory(target)));
        Path lockFile = Files.createFile(OutputLock.fileOf(target));  // a kill just before the lock's release
        assertTrue(ResumableRun.complete(target));
        assertFalse(Files.exists(lockFile), "the stale lock file goes too");
        assertThrows(InvalidInputException.class, () -> ResumableRun.open(target, spec), "a finished run is not reopened");
    }

    @Test
    void theDefaultScheduleSavesAfterAMinuteOfTrainingAndNeverAfterTheLastEpoch() {
        CheckpointSchedule byTime = CheckpointSchedule.afterTraining(Duration.ofSeconds(60));
        assertFalse(byTime.due(1, 10, Duration.ofSeconds(59).toNanos()));
        assertTrue(byTime.due(1, 10, Duration.ofSeconds(60).toNanos()));
        assertFalse(byTime.due(10, 10, Duration.ofHours(1).toNanos()), "the last epoch commits instead");
        CheckpointSchedule everyThree = CheckpointSchedule.everyEpochs(3);
        assertTrue(everyThree.due(3, 10, 0) && everyThree.due(6, 10, 0));
        assertFalse(everyThree.due(4, 10, Long.MAX_VALUE));
        assertFalse(CheckpointSchedule.everyEpochs(0).due(1, 10, Long.MAX_VALUE));
        assertThrows(InvalidInputException.class, () -> CheckpointSchedule.everyEpochs(-1));
    }
}
