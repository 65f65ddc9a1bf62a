package org.errorprop.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.errorprop.experiments.sweep.Shard;
import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
    private static final String IDENTITY = "errorprop reproduce run store\nrevision: abc\nscale: full\n";
    private static final List<Job> JOBS = List.of(new Job("a", 1), new Job("b", 2), new Job("c", 3), new Job("d", 4),
            new Job("e", 5));

    @TempDir
    Path temp;

    /** A job whose description (its record toString) names everything its result depends on. */
    record Job(String name, int value) {
    }

    record Result(String name, double[] curve) implements java.io.Serializable {
    }

    private static Result train(Job job) {
        return new Result(job.name(), new double[] {job.value(), Math.sqrt(job.value()), 1.0 / job.value()});
    }

    private static List<Result> map(RunStore store, List<Job> jobs, Function<Job, Result> work) {
        List<String> heard = new ArrayList<>();
        List<Result> results = store.map("fig4/runs", jobs, 2, work, (job, result) -> heard.add(job.name()));
        assertEquals(jobs.stream().map(Job::name).toList(), heard, "finished hears of every job in order");
        return results;
    }

    private static void assertSameBits(List<Result> expected, List<Result> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).name(), actual.get(i).name());
            for (int k = 0; k < expected.get(i).curve().length; k++) {
                assertEquals(Double.doubleToRawLongBits(expected.get(i).curve()[k]),
                        Double.doubleToRawLongBits(actual.get(i).curve()[k]));
            }
        }
    }

    @Test
    void aSecondProcessReadsEveryStoredRunWithTheSameBitsAndTrainsNone() {
        Path directory = temp.resolve("runs");
        List<Result> first = map(RunStore.open(directory, IDENTITY, Shard.WHOLE), JOBS, RunStoreTest::train);
        RunStore again = RunStore.open(directory, IDENTITY, Shard.WHOLE);
        List<Result> second = map(again, JOBS, job -> {
            throw new AssertionError("trained " + job + " although it was stored");
        });
        assertSameBits(first, second);
        assertEquals(5, again.loadedCount());
        assertEquals(0, again.trainedCount());
    }

    @Test
    void aRunStoppedHalfWayKeepsWhatFinishedAndTheRerunTrainsOnlyTheRest() {
        Path directory = temp.resolve("runs");
        AtomicInteger calls = new AtomicInteger();
        RunStore killed = RunStore.open(directory, IDENTITY, Shard.WHOLE);
        // one worker: jobs a, b, c finish and are stored, d fails (a kill, as far as the store can tell)
        assertThrows(IllegalStateException.class, () -> killed.map("fig4/runs", JOBS, 1, job -> {
            if (job.name().equals("d")) {
                throw new IllegalStateException("killed");
            }
            calls.incrementAndGet();
            return train(job);
        }, (job, result) -> {
        }));
        assertEquals(3, calls.get());
        RunStore resumed = RunStore.open(directory, IDENTITY, Shard.WHOLE);
        List<String> retrained = new ArrayList<>();
        List<Result> results = map(resumed, JOBS, job -> {
            synchronized (retrained) {
                retrained.add(job.name());
            }
            return train(job);
        });
        assertEquals(List.of("d", "e"), retrained.stream().sorted().toList());
        assertSameBits(JOBS.stream().map(RunStoreTest::train).toList(), results);
    }

    @Test
    void aJobWhoseDescriptionChangedIsTrainedAgain() {
        Path directory = temp.resolve("runs");
        map(RunStore.open(directory, IDENTITY, Shard.WHOLE), JOBS, RunStoreTest::train);
        List<Job> changed = new ArrayList<>(JOBS);
        changed.set(2, new Job("c", 30));
        RunStore store = RunStore.open(directory, IDENTITY, Shard.WHOLE);
        List<Result> results = map(store, changed, RunStoreTest::train);
        assertEquals(1, store.trainedCount());
        assertEquals(30.0, results.get(2).curve()[0]);
    }

    @Test
    void shardsSplitTheRunsAndTheWholeProcessAssemblesThemWithoutTraining() {
        Path directory = temp.resolve("runs");
        RunStore zero = RunStore.open(directory, IDENTITY, new Shard(0, 2));
        RunStore one = RunStore.open(directory, IDENTITY, new Shard(1, 2));
        assertThrows(RunStore.RunsOfOtherShards.class, () -> map(zero, JOBS, RunStoreTest::train));
        int zeroTrained = zero.trainedCount();
        assertTrue(zeroTrained == 2 || zeroTrained == 3, "round robin: 2 or 3 of 5, was " + zeroTrained);
        map(one, JOBS, RunStoreTest::train);
        assertEquals(5 - zeroTrained, one.trainedCount(), "shard 1 trains exactly the rest");
        RunStore whole = RunStore.open(directory, IDENTITY, Shard.WHOLE);
        assertSameBits(JOBS.stream().map(RunStoreTest::train).toList(), map(whole, JOBS, job -> {
            throw new AssertionError("trained " + job);
        }));
    }

    @Test
    void everyJobBelongsToExactlyOneShard() {
        for (int count = 1; count <= 5; count++) {
            for (int position = 0; position < 12; position++) {
                int owners = 0;
                for (int index = 0; index < count; index++) {
                    RunStore store = RunStore.open(temp.resolve("s" + count + "-" + index + "-" + position), IDENTITY,
                            new Shard(index, count));
                    owners += store.owns("fig4/runs", position) ? 1 : 0;
                }
                assertEquals(1, owners, count + " shards, position " + position);
            }
        }
    }

    @Test
    void aStoreOfAnotherReproductionIsRefusedWithOneLine() {
        Path directory = temp.resolve("runs");
        RunStore.open(directory, IDENTITY, Shard.WHOLE);
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> RunStore.open(directory, IDENTITY.replace("abc", "def"), Shard.WHOLE));
        assertTrue(refused.getMessage().contains("revision: abc") && refused.getMessage().contains("revision: def"),
                refused.getMessage());
        assertEquals(1, refused.getMessage().lines().count());
    }

    @Test
    void aDirectoryErrorpropDidNotMakeIsRefused() throws Exception {
        Path directory = temp.resolve("mine");
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("notes.txt"), "my notes");
        assertThrows(InvalidInputException.class, () -> RunStore.open(directory, IDENTITY, Shard.WHOLE));
        assertEquals("my notes", Files.readString(directory.resolve("notes.txt")));
    }

    @Test
    void aTruncatedRunFileIsAClearErrorNamingTheFile() throws Exception {
        Path directory = temp.resolve("runs");
        map(RunStore.open(directory, IDENTITY, Shard.WHOLE), JOBS, RunStoreTest::train);
        Path file = directory.resolve("fig4/runs/1.run");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        InvalidInputException refused = assertThrows(InvalidInputException.class,
                () -> map(RunStore.open(directory, IDENTITY, Shard.WHOLE), JOBS, RunStoreTest::train));
        assertTrue(refused.getMessage().contains("1.run") && refused.getMessage().contains("delete it"),
                refused.getMessage());
    }

    @Test
    void inMemoryTrainsEveryRunAndKeepsNothing() {
        RunStore store = RunStore.inMemory();
        map(store, JOBS, RunStoreTest::train);
        map(store, JOBS, RunStoreTest::train);
        assertEquals(10, store.trainedCount());
        assertEquals(0, store.loadedCount());
    }

    @Test
    void finishedHearsOfEachResultAsSoonAsItAndAllBeforeItAreThere() {
        Path directory = temp.resolve("runs");
        List<String> heard = new ArrayList<>();
        List<Integer> heardWhenStarting = new ArrayList<>();
        RunStore store = RunStore.open(directory, IDENTITY, Shard.WHOLE);
        store.map("fig4/runs", JOBS, 1, job -> {
            heardWhenStarting.add(heard.size());
            return train(job);
        }, (job, result) -> heard.add(job.name()));
        assertEquals(List.of(0, 1, 2, 3, 4), heardWhenStarting, "one worker: each run starts after the one before was told");
        // stored runs are told at once: with a, b, c stored and d changed, d starts after three were told
        List<Job> changed = new ArrayList<>(JOBS);
        changed.set(3, new Job("d", 40));
        heard.clear();
        heardWhenStarting.clear();
        RunStore.open(directory, IDENTITY, Shard.WHOLE).map("fig4/runs", changed, 1, job -> {
            heardWhenStarting.add(heard.size());
            return train(job);
        }, (job, result) -> heard.add(job.name()));
        assertEquals(List.of(3), heardWhenStarting);
        assertEquals(List.of("a", "b", "c", "d", "e"), heard);
    }
}
