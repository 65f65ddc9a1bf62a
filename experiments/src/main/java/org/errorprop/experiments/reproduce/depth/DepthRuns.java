package org.errorprop.experiments.reproduce.depth;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.framework.data.DataSplit;

/**
 * Trains a list of independent runs on a fixed number of worker threads and returns their results in
 * the list's order. Each run owns its network, optimiser and random streams and only reads the shared
 * data, so the numbers do not depend on the number of workers or on scheduling: bit for bit the same
 * as training the runs one after the other. Progress is stepped on the calling thread, one unit per
 * finished run, in list order.
 */
public final class DepthRuns {
    private DepthRuns() {
    }

    public static List<DepthRunResult> train(List<DepthRunSpec> specs, DataSplit data, int workers,
                                             Progress progress) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive, was " + workers);
        }
        DepthRun run = new DepthRun();
        if (workers == 1) {
            List<DepthRunResult> results = new ArrayList<>();
            for (DepthRunSpec spec : specs) {
                results.add(run.train(spec, data));
                finished(progress, spec);
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, task -> {
            Thread thread = new Thread(task, "depth-run");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<DepthRunResult>> futures = new ArrayList<>();
            for (DepthRunSpec spec : specs) {
                futures.add(pool.submit(() -> run.train(spec, data)));
            }
            List<DepthRunResult> results = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                results.add(await(futures.get(i)));
                finished(progress, specs.get(i));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void finished(Progress progress, DepthRunSpec spec) {
        progress.message(spec.network().label() + " " + spec.method().label());
        progress.step();
    }

    private static DepthRunResult await(Future<DepthRunResult> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
