package org.errorprop.experiments.reproduce;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Progress for a log rather than a terminal (a reproduction running in the background, its output in a file): one
 * line when a task starts, then one each time it passes another tenth of its work, with the time it has taken, and
 * one when it ends. Steps may come from several threads.
 */
public final class LoggedProgress implements Progress {
    private static final int TENTHS = 10;

    private final PrintStream log;
    private final LongSupplier nanoClock;
    private final String task;
    private final long total;
    private final long start;
    private final AtomicLong done = new AtomicLong();
    private final AtomicLong tenthsSaid = new AtomicLong();

    private LoggedProgress(PrintStream log, LongSupplier nanoClock, String task, long total) {
        this.log = log;
        this.nanoClock = nanoClock;
        this.task = task;
        this.total = Math.max(1, total);
        this.start = nanoClock.getAsLong();
    }

    /** Opens logged progress indicators on {@code log}. */
    public static ProgressFactory on(PrintStream log, LongSupplier nanoClock) {
        return (task, total) -> {
            log.println(task + ": started (" + total + " steps)");
            return new LoggedProgress(log, nanoClock, task, total);
        };
    }

    @Override
    public void step() {
        long now = done.incrementAndGet();
        long tenths = Math.min(TENTHS - 1, now * TENTHS / total);
        // each tenth is claimed by exactly one thread, in order, even when steps race past several at once
        for (long said = tenthsSaid.get(); said < tenths; said = tenthsSaid.get()) {
            if (tenthsSaid.compareAndSet(said, said + 1)) {
                log.println(String.format(Locale.ROOT, "%s: %d%% (%d of %d steps) after %.0f s", task,
                        (said + 1) * 10, now, total, (nanoClock.getAsLong() - start) / 1e9));
            }
        }
    }

    @Override
    public void message(String text) {
        // a log gets the tenths only: per-step messages would flood it
    }

    @Override
    public void close() {
        log.println(String.format(Locale.ROOT, "%s: done, %d of %d steps in %.0f s", task, done.get(), total,
                (nanoClock.getAsLong() - start) / 1e9));
    }
}
