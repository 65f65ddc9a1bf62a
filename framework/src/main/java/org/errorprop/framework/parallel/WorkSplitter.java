package org.errorprop.framework.parallel;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs a {@link RangeTask} over {@code [0, size)} cut into {@link #parts()} contiguous ranges: the caller runs the
 * first range, dedicated daemon workers the others, and the call returns when all are done.
 *
 * <p>Why not a general executor: a training step hands over a few dozen pieces of 10-500 µs each, so the handover
 * must cost well under a microsecond and allocate nothing. Workers spin briefly after a task ({@value
 * #SPIN_NANOS} ns), then park. Nothing is allocated per call.
 *
 * <p>Determinism: the ranges depend only on {@code size} and {@link #parts()}, never on timing; only who runs them
 * does. When another thread is already using the workers (two training runs in one process), the caller runs every
 * range itself, in order: the same ranges, so the same numbers. So it does when {@link SplitPolicy} measures that
 * running passes whole is faster (a worker's core held by another process), and, range by range, when a worker has
 * not started its range by the time the caller finished its own: the caller takes it back and runs it.
 *
 * <p>A splitter belongs to one {@link org.errorprop.framework.compute.Compute}; its number of parts is chosen by
 * whoever builds that (the command line), never read from the process here. {@link #close} stops the workers.
 */
public final class WorkSplitter implements AutoCloseable {
    /**
     * Elementwise passes smaller than this run whole on the caller: 16,384 doubles take about 10 µs, ten times a
     * handover.
     */
    public static final int SPLIT_ELEMENTS = 1 << 14;
    private static final long SPIN_NANOS = 200_000;

    private final int parts;
    private final Worker[] workers;
    private final AtomicBoolean inUse = new AtomicBoolean();
    /** Read and written only by the thread holding {@link #inUse}. */
    private final SplitPolicy policy;
    private volatile boolean closed;

    /** A splitter with {@code parts} ranges per call and {@code parts - 1} worker threads. */
    public WorkSplitter(int parts) {
        this(parts, true);
    }

    /** For tests: a splitter whose workers' threads are never started, as if their cores were never free. */
    static WorkSplitter withWorkersNeverStarted(int parts) {
        return new WorkSplitter(parts, false);
    }

    private WorkSplitter(int parts, boolean startWorkers) {
        if (parts < 1) {
            throw new IllegalArgumentException("parts must be at least 1, was " + parts);
        }
        this.parts = parts;
        this.workers = new Worker[parts - 1];
        this.policy = parts > 1 ? new SplitPolicy() : null;
        for (int w = 0; w < workers.length; w++) {
            workers[w] = new Worker("errorprop-worker-" + (w + 1), startWorkers);
        }
    }

    public int parts() {
        return parts;
    }

    /**
     * The start of range {@code part} of {@code [0, size)} cut at multiples of {@code grain}; range {@code p} is
     * {@code [start(p), start(p + 1))}, and the last one ends at {@code size}.
     */
    public int start(int size, int grain, int part) {
        if (part >= parts) {
            return size;
        }
        return (int) ((long) size * part / parts) / grain * grain;
    }

    /**
     * {@link #forEachRange(int, RangeTask)} when the pass is worth the handover, that is when it touches at least
     * {@value #SPLIT_ELEMENTS} elements and every part gets at least two indices; otherwise the whole range on the
     * caller. Only for tasks whose numbers do not depend on the ranges (element-, row- or column-wise work).
     *
     * @param size     the index space to cut (elements, rows or columns)
     * @param elements the elements the whole pass reads or writes
     */
    public void forEachRangeIfLarge(int size, long elements, RangeTask task) {
        if (parts > 1 && elements >= SPLIT_ELEMENTS && size >= 2 * parts) {
            forEachRange(size, task);
        } else {
            task.run(0, size);
        }
    }

    /** {@link #forEachRange(int, int, RangeTask)} with ranges cut anywhere (grain 1). */
    public void forEachRange(int size, RangeTask task) {
        forEachRange(size, 1, task);
    }

    /**
     * Runs {@code task} on every range of {@code [0, size)}, the ranges cut at multiples of {@code grain}; returns
     * when all have finished. An exception thrown by any range is rethrown here (the first one, by range order).
     */
    public void forEachRange(int size, int grain, RangeTask task) {
        run(size, grain, task, true);
    }

    /**
     * {@link #forEachRange(int, int, RangeTask)} handed to the workers whatever {@link SplitPolicy} would choose, and
     * not counted by it: for measuring what the cores give together (a gemm rate), not for training.
     */
    public void forEachRangeOnEveryPart(int size, int grain, RangeTask task) {
        run(size, grain, task, false);
    }

    private void run(int size, int grain, RangeTask task, boolean byPolicy) {
        if (grain < 1) {
            throw new IllegalArgumentException("grain must be positive, was " + grain);
        }
        if (parts == 1 || !inUse.compareAndSet(false, true)) {
            for (int p = 0; p < parts; p++) {
                task.run(start(size, grain, p), start(size, grain, p + 1));
            }
            return;
        }
        try {
            long handedOver = System.nanoTime();
            if (byPolicy && !policy.nextPassSplits()) {
                try {
                    for (int p = 0; p < parts; p++) {
                        task.run(start(size, grain, p), start(size, grain, p + 1));
                    }
                } finally {
                    policy.passTook(System.nanoTime() - handedOver);
                }
                return;
            }
            for (int p = 1; p < parts; p++) {
                workers[p - 1].post(task, start(size, grain, p), start(size, grain, p + 1));
            }
            Throwable failure = null;
            try {
                task.run(0, start(size, grain, 1));
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            for (int p = 1; p < parts; p++) {
                Worker worker = workers[p - 1];
                Throwable rangeFailure;
                if (worker.takeBack()) {
                    rangeFailure = null;
                    try {
                        task.run(start(size, grain, p), start(size, grain, p + 1));
                    } catch (RuntimeException | Error e) {
                        rangeFailure = e;
                    }
                } else {
                    rangeFailure = worker.awaitFinished();
                }
                if (failure == null) {
                    failure = rangeFailure;
                }
            }
            if (byPolicy) {
                policy.passTook(System.nanoTime() - handedOver);
            }
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
        } finally {
            inUse.set(false);
        }
    }

    /** Passes handed to the workers so far (for reports; exact only when read by the thread that ran them). */
    public long passesSplit() {
        return policy == null ? 0 : policy.splitPasses();
    }

    /** Passes the caller ran whole, by {@link SplitPolicy}'s choice (measured to be faster, or a trial). */
    public long passesRunWhole() {
        return policy == null ? 0 : policy.wholePasses();
    }

    /** A short description for provenance, e.g. {@code "2 parts"}. */
    public String describe() {
        return String.format(Locale.ROOT, "%d part%s", parts, parts == 1 ? "" : "s");
    }

    /**
     * Stops the worker threads once they are idle; a closed splitter runs every range on the caller, so the numbers
     * stay the same. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        while (!inUse.compareAndSet(false, true)) {
            Thread.onSpinWait();
        }
        closed = true;
        for (Worker worker : workers) {
            worker.stop();
        }
        // inUse stays set: every later call takes the caller's path
    }

    /**
     * One daemon thread running posted ranges; the poster waits for each before posting the next. A posted range is
     * claimed once, by the worker when it starts it or by the poster taking it back ({@link #takeBack}) when the
     * worker has not started it yet (parked, or its core held by another process).
     */
    private static final class Worker implements Runnable {
        private final Thread thread;
        /** The number of the post that may still be claimed, or 0 once claimed. */
        private final AtomicLong claimable = new AtomicLong();
        private RangeTask task;
        private int from;
        private int to;
        private Throwable failure;
        private volatile long posted;
        private volatile long finished;
        private volatile boolean parked;
        private volatile boolean stopped;

        Worker(String name, boolean start) {
            thread = new Thread(this, name);
            thread.setDaemon(true);
            if (start) {
                thread.start();
            }
        }

        void post(RangeTask task, int from, int to) {
            this.task = task;
            this.from = from;
            this.to = to;
            long number = posted + 1;  // only the thread holding the splitter posts
            claimable.set(number);     // publishes the fields to whoever claims the post
            posted = number;
            if (parked) {
                LockSupport.unpark(thread);
            }
        }

        /** Claims the last post for the poster if the worker has not started it; then the poster runs it. */
        boolean takeBack() {
            long number = posted;
            return claimable.compareAndSet(number, 0);
        }

        void stop() {
            stopped = true;
            LockSupport.unpark(thread);
        }

        Throwable awaitFinished() {
            long target = posted;
            while (finished != target) {
                Thread.onSpinWait();
            }
            Throwable result = failure;
            failure = null;
            return result;
        }

        @Override
        public void run() {
            long done = 0;
            while (true) {
                long idleSince = System.nanoTime();
                while (posted == done) {
                    if (stopped) {
                        return;
                    }
                    if (System.nanoTime() - idleSince < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (posted == done && !stopped) {
                            LockSupport.park(this);
                        }
                        parked = false;
                        idleSince = System.nanoTime();
                    }
                }
                done = posted;
                if (!claimable.compareAndSet(done, 0)) {
                    continue;  // taken back by the poster, who runs it; a newer post may already be waiting
                }
                try {
                    task.run(from, to);
                } catch (RuntimeException | Error e) {
                    failure = e;
                }
                task = null;
                finished = done;
            }
        }
    }
}
