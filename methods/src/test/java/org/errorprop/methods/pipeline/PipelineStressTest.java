package org.errorprop.methods.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.PipelineSettings;
import org.errorprop.framework.training.PipelinedOutcome;
import org.errorprop.framework.training.TrainingConfig;
import org.errorprop.framework.training.TrainingListener;
import org.junit.jupiter.api.Test;

/**
 * 240 small random pipelined runs (depths, widths, stages, queue sizes, update probabilities), some with a failure
 * forced in one stage's signal and some interrupted by the caller at a random moment: none deadlocks (each
 * finishes within its timeout), none loses an epoch's metrics (every epoch the listener heard of is in the
 * outcome and vice versa), a forced failure comes back as itself, and no stage thread outlives its run.
 */
class PipelineStressTest {
    private static final int CONFIGURATIONS = 240;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The forced failure, recognisable among real ones. */
    static final class ForcedFailure extends RuntimeException {
        ForcedFailure(String message) {
            super(message);
        }
    }

    @Test
    void randomConfigurationsNeverDeadlockNorLoseAMetricLine() throws Exception {
        SplittableRandom random = new SplittableRandom(20261207);
        int failed = 0;
        int interrupted = 0;
        int completed = 0;
        for (int c = 0; c < CONFIGURATIONS; c++) {
            int hidden = 2 + random.nextInt(5);
            List<Integer> widths = new ArrayList<>();
            for (int k = 0; k < hidden; k++) {
                widths.add(2 + random.nextInt(11));
            }
            int stages = 1 + random.nextInt(Math.min(4, hidden + 1));
            int queue = 1 + random.nextInt(4);
            double p = random.nextInt(4) == 0 ? 0.3 + 0.7 * random.nextDouble() : 1.0;
            int mode = random.nextInt(3); // 0 runs through, 1 a stage fails, 2 the caller interrupts
            int failAt = 1 + random.nextInt(40);
            int failingBoundary = 1 + random.nextInt(hidden);
            long interruptAfterMicros = random.nextInt(30_000);
            int epochs = 1 + random.nextInt(3);
            long seed = random.nextLong();
            String description = "configuration " + c + ": widths " + widths + ", " + stages + " stages, queue "
                    + queue + ", p " + p + ", mode " + mode;
            Architecture architecture = PipelineRig.architecture(3, widths, 3);
            DataSplit data = PipelineRig.blobs(3, 3, 24 + random.nextInt(40), 12, seed);
            Method method = mode == 1 ? failingAt(PipelineRig.csgEverywhere(), failingBoundary, failAt)
                    : PipelineRig.csgEverywhere();
            PipelineSettings settings = PipelineSettings.balanced(stages, queue).withUpdateProbability(p);
            int outcome = assertTimeoutPreemptively(TIMEOUT, () -> runOnce(architecture, method, settings, data,
                    new TrainingConfig(epochs, 4 + random.nextInt(8)), seed, mode == 2, interruptAfterMicros,
                    description), description);
            failed += outcome == 1 ? 1 : 0;
            interrupted += outcome == 2 ? 1 : 0;
            completed += outcome == 0 ? 1 : 0;
            PipelinedTrainingTest.assertNoStageThreadLeft();
        }
        assertEquals(CONFIGURATIONS, failed + interrupted + completed);
        assertTrue(failed > 20 && completed > 20, "every kind of ending was exercised: failed " + failed
                + ", interrupted " + interrupted + ", completed " + completed);
    }

    /** 0: ran to its end (or diverged); 1: the forced failure came back; 2: stopped by the caller. */
    private static int runOnce(Architecture architecture, Method method, PipelineSettings settings, DataSplit data,
                               TrainingConfig config, long seed, boolean interrupt, long interruptAfterMicros,
                               String description) throws InterruptedException {
        List<Integer> heard = new CopyOnWriteArrayList<>();
        AtomicReference<Object> result = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                result.set(PipelineRig.pipelined(architecture, method, settings, seed).run(data, config,
                        new TrainingListener() {
                            @Override
                            public void epochFinished(EpochMetrics metrics) {
                                heard.add(metrics.epoch());
                            }
                        }));
            } catch (RuntimeException e) {
                result.set(e);
            }
        }, "stress-caller");
        caller.start();
        if (interrupt) {
            Thread.sleep(interruptAfterMicros / 1000, (int) (interruptAfterMicros % 1000) * 1000);
            caller.interrupt();
        }
        caller.join();
        Object ended = result.get();
        if (ended instanceof ForcedFailure) {
            return 1;
        }
        if (ended instanceof RuntimeException e) {
            throw new AssertionError(description + ": " + e, e);
        }
        PipelinedOutcome outcome = (PipelinedOutcome) ended;
        List<Integer> kept = outcome.training().history().stream().map(EpochMetrics::epoch).toList();
        assertEquals(heard, kept, description + ": every epoch heard of is kept, and only those");
        if (outcome.stoppedByCaller()) {
            assertTrue(interrupt, description);
            return 2;
        }
        assertTrue(outcome.training().diverged() || kept.size() == config.epochs(), description + ": " + kept);
        assertFalse(outcome.stoppedByCaller());
        return 0;
    }

    /** {@code method} whose signal at boundary {@code k} throws on its {@code at}-th use. */
    private static Method failingAt(Method method, int k, int at) {
        return PipelineRig.withSignalAt(method, k, calls -> {
            if (calls == at) {
                throw new ForcedFailure("forced at boundary " + k + ", use " + at);
            }
            return null;
        });
    }
}
