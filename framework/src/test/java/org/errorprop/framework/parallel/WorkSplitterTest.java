package org.errorprop.framework.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkSplitterTest {

    @Test
    void everyIndexIsVisitedExactlyOnceInFixedContiguousRanges() {
        WorkSplitter splitter = new WorkSplitter(3);
        for (int size : new int[] {0, 1, 2, 3, 7, 100, 1001}) {
            int[] visits = new int[size];
            List<int[]> ranges = Collections.synchronizedList(new ArrayList<>());
            splitter.forEachRange(size, (from, to) -> {
                ranges.add(new int[] {from, to});
                for (int i = from; i < to; i++) {
                    visits[i]++;
                }
            });
            for (int i = 0; i < size; i++) {
                assertEquals(1, visits[i], "index " + i + " of " + size);
            }
            assertEquals(3, ranges.size());
            ranges.sort((a, b) -> Integer.compare(a[0], b[0]) != 0 ? Integer.compare(a[0], b[0])
                    : Integer.compare(a[1], b[1]));
            for (int p = 0; p < 3; p++) {
                assertArrayEquals(new int[] {splitter.start(size, 1, p), splitter.start(size, 1, p + 1)},
                        ranges.get(p));
            }
        }
    }

    @Test
    void rangesAreCutAtMultiplesOfTheGrain() {
        WorkSplitter splitter = new WorkSplitter(2);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        splitter.forEachRange(130, 8, (from, to) -> seen.add(from + ".." + to));
        Collections.sort(seen);
        assertEquals(List.of("0..64", "64..130"), seen);
        assertThrows(IllegalArgumentException.class, () -> splitter.forEachRange(10, 0, (from, to) -> { }));
    }

    @Test
    void onlyPassesWorthTheHandoverAreSplit() {
        WorkSplitter splitter = new WorkSplitter(2);
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        RangeTask record = (from, to) -> seen.add(from + ".." + to);
        splitter.forEachRangeIfLarge(256, WorkSplitter.SPLIT_ELEMENTS - 1, record);
        assertEquals(List.of("0..256"), seen, "too few elements");
        seen.clear();
        splitter.forEachRangeIfLarge(3, WorkSplitter.SPLIT_ELEMENTS, record);
        assertEquals(List.of("0..3"), seen, "too few indices to give each part two");
        seen.clear();
        splitter.forEachRangeIfLarge(256, WorkSplitter.SPLIT_ELEMENTS, record);
        Collections.sort(seen);
        assertEquals(List.of("0..128", "128..256"), seen);
    }

    @Test
    void theRangesRunOnTheWorkersAsWellAsOnTheCaller() {
        WorkSplitter splitter = new WorkSplitter(2);
        Thread[] runners = new Thread[2];
        // a worker that has not started its range when the caller is done loses it to the caller (take-back), so
        // the first passes after the thread starts may all run on the caller; one in a thousand must reach it
        for (int attempt = 0; attempt < 1000; attempt++) {
            splitter.forEachRange(10, (from, to) -> {
                runners[from == 0 ? 0 : 1] = Thread.currentThread();
                if (from == 0) {
                    long until = System.nanoTime() + 50_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                }
            });
            if (runners[1] != Thread.currentThread()) {
                break;
            }
        }
        assertSame(Thread.currentThread(), runners[0]);
        assertTrue(runners[1] != Thread.currentThread() && runners[1].getName().startsWith("errorprop-worker"),
                String.valueOf(runners[1]));
    }

    @Test
    void aMeasurementOnEveryPartIsNotCountedByThePolicy() {
        WorkSplitter splitter = new WorkSplitter(2);
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        splitter.forEachRangeOnEveryPart(48, 24, (from, to) -> seen.add(from + ".." + to));
        Collections.sort(seen);
        assertEquals(List.of("0..24", "24..48"), seen);
        assertEquals(0, splitter.passesSplit() + splitter.passesRunWhole());
        splitter.forEachRange(48, 24, (from, to) -> { });
        assertEquals(1, splitter.passesSplit() + splitter.passesRunWhole());
        splitter.close();
    }

    @Test
    void rangesOfAWorkerThatNeverRunsAreTakenBackByTheCaller() {
        // without the take-back the caller would wait forever for a worker whose thread never gets a core
        WorkSplitter stalled = WorkSplitter.withWorkersNeverStarted(2);
        List<String> seen = new ArrayList<>();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int pass = 0; pass < 3; pass++) {
                stalled.forEachRange(9, (from, to) -> seen.add(from + ".." + to + " on "
                        + Thread.currentThread().getName()));
            }
        });
        String caller = seen.isEmpty() ? "" : seen.get(0).substring(seen.get(0).indexOf(" on ") + 4);
        List<String> once = List.of("0..4 on " + caller, "4..9 on " + caller);
        List<String> expected = new ArrayList<>();
        for (int pass = 0; pass < 3; pass++) {
            expected.addAll(once);
        }
        assertEquals(expected, seen);
        stalled.close();
    }

    @Test
    void aFailureInAWorkersRangeReachesTheCaller() {
        WorkSplitter splitter = new WorkSplitter(2);
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> splitter.forEachRange(10,
                (from, to) -> {
                    if (from > 0) {
                        throw new IllegalStateException("range " + from);
                    }
                }));
        assertEquals("range 5", thrown.getMessage());
        // and the splitter still works afterwards
        int[] visits = new int[10];
        splitter.forEachRange(10, (from, to) -> {
            for (int i = from; i < to; i++) {
                visits[i]++;
            }
        });
        assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, visits);
    }

    @Test
    void aSecondCallerWhileTheWorkersAreBusyRunsTheSameRangesItself() throws Exception {
        WorkSplitter splitter = new WorkSplitter(2);
        CountDownLatch holding = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = new Thread(() -> splitter.forEachRange(2, (from, to) -> {
            holding.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        holder.start();
        assertTrue(holding.await(10, TimeUnit.SECONDS), "the first caller's ranges did not start");
        List<String> seen = new ArrayList<>();
        splitter.forEachRange(9, (from, to) -> seen.add(from + ".." + to + " on " + Thread.currentThread().getName()));
        String me = Thread.currentThread().getName();
        assertEquals(List.of("0..4 on " + me, "4..9 on " + me), seen);
        release.countDown();
        holder.join(10_000);
    }

    @Test
    void oneThreadHasNoWorkersAndRejectsNothing() {
        WorkSplitter single = new WorkSplitter(1);
        List<String> seen = new ArrayList<>();
        single.forEachRange(5, (from, to) -> seen.add(from + ".." + to));
        assertEquals(List.of("0..5"), seen);
        assertEquals("1 part", single.describe());
        assertThrows(IllegalArgumentException.class, () -> new WorkSplitter(0));
    }
}
