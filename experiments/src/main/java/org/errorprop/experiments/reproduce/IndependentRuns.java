package org.errorprop.experiments.reproduce;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Runs independent jobs (training runs that each own their network, optimisers and random streams and
 * only read shared data) on worker threads and returns their results in the jobs' order. Because no job
 * touches another's state, the numbers are bit for bit those of running the jobs one after the other,
 * whatever the number of workers or the scheduling. {@code finished} hears of each result on the calling
 * thread, in the jobs' order (for progress bars). A failing job's exception is rethrown as it was.
 */
public final class IndependentRuns {
    private IndependentRuns() {
    }

    /** One worker per core: the training loops are single-threaded and native BLAS gets one thread. */
    public static int defaultWorkers() {
        return Runtime.getRuntime().availableProcessors();
    }

    public static <J, R> List<R> map(List<J> jobs, int workers, Function<J, R> work, BiConsumer<J, R> finished) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive, was " + workers);
        }
        List<R> results = new ArrayList<>();
        if (workers == 1 || jobs.size() <= 1) {
            for (J job : jobs) {
                R result = work.apply(job);
                results.add(result);
                finished.accept(job, result);
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(workers, jobs.size()), task -> {
            Thread thread = new Thread(task, "errorprop-run");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (J job : jobs) {
                futures.add(pool.submit(() -> work.apply(job)));
            }
            for (int i = 0; i < futures.size(); i++) {
                R result = await(futures.get(i));
                results.add(result);
                finished.accept(jobs.get(i), result);
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static <R> R await(Future<R> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
