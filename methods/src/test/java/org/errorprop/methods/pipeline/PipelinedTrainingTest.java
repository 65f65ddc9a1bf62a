package org.errorprop.methods.pipeline;

import static org.errorprop.methods.pipeline.PipelineRig.architecture;
import static org.errorprop.methods.pipeline.PipelineRig.blobs;
import static org.errorprop.methods.pipeline.PipelineRig.csgAt;
import static org.errorprop.methods.pipeline.PipelineRig.csgEverywhere;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.training.Divergence;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.PipelineSettings;
import org.errorprop.framework.training.PipelinedOutcome;
import org.errorprop.framework.training.StageMetrics;
import org.errorprop.framework.training.TrainingConfig;
import org.errorprop.framework.training.TrainingListener;
import org.errorprop.framework.training.TrainingOutcome;
import org.errorprop.methods.backprop.Backprop;
import org.errorprop.methods.feedback.DirectFeedbackAlignment;
import org.errorprop.methods.feedback.FeedbackOptions;
import org.junit.jupiter.api.Test;

class PipelinedTrainingTest {
    private static final Architecture NETWORK = architecture(4, List.of(8, 8, 8), 3);
    private static final DataSplit DATA = blobs(4, 3, 96, 48, 5);
    private static final TrainingConfig CONFIG = new TrainingConfig(3, 16);

    /** Epoch metrics without their wall-clock seconds, which no two runs share. */
    private static void assertSameNumbers(TrainingOutcome expected, TrainingOutcome actual) {
        assertEquals(expected.history().size(), actual.history().size());
        for (int e = 0; e < expected.history().size(); e++) {
            EpochMetrics a = expected.history().get(e);
            EpochMetrics b = actual.history().get(e);
            assertEquals(Double.doubleToLongBits(a.trainLoss()), Double.doubleToLongBits(b.trainLoss()), "epoch " + e);
            assertEquals(Double.doubleToLongBits(a.trainAccuracy()), Double.doubleToLongBits(b.trainAccuracy()));
            assertEquals(Double.doubleToLongBits(a.testLoss()), Double.doubleToLongBits(b.testLoss()), "epoch " + e);
            assertEquals(Double.doubleToLongBits(a.testAccuracy()), Double.doubleToLongBits(b.testAccuracy()));
        }
    }

    @Test
    void oneStageIsTheSequentialScheduleBitForBit() {
        TrainingOutcome sequential = PipelineRig.sequential(NETWORK, csgAt(List.of(2)), DATA, CONFIG, 7);
        PipelinedOutcome pipelined = PipelineRig.runPipelined(NETWORK, csgAt(List.of(2)),
                PipelineSettings.balanced(1, 2), DATA, CONFIG, 7);
        assertEquals(1, pipelined.cut().stages());
        assertSameNumbers(sequential, pipelined.training());
    }

    @Test
    void twoStagesInLockstepAreTheSequentialScheduleBitForBitAndFreeRunningIsNot() {
        TrainingOutcome sequential = PipelineRig.sequential(NETWORK, csgAt(List.of(2)), DATA, CONFIG, 7);
        PipelinedOutcome lockstep = PipelineRig.runPipelined(NETWORK, csgAt(List.of(2)),
                PipelineSettings.at(List.of(2), 1).inLockstep(), DATA, CONFIG, 7);
        assertSameNumbers(sequential, lockstep.training());
        assertEquals(0, lockstep.stages().get(0).maxStaleness(), "in lockstep every target is for the last update");
        // the control: with the stages free, targets arrive late and the numbers differ (or the test proves nothing)
        PipelinedOutcome free = PipelineRig.runPipelined(NETWORK, csgAt(List.of(2)),
                PipelineSettings.at(List.of(2), 4), DATA, new TrainingConfig(3, 16), 7);
        StageMetrics below = free.stages().get(0);
        assertEquals(below.steps(), below.targetsLearned(), "every batch sent up had its target learned");
        if (below.maxStaleness() > 0) {
            assertThrows(AssertionError.class, () -> assertSameNumbers(sequential, free.training()));
        }
    }

    @Test
    void threeStagesOfSgEverywhereInLockstepAreTheSequentialScheduleBitForBit() {
        TrainingOutcome sequential = PipelineRig.sequential(NETWORK, csgEverywhere(), DATA, CONFIG, 11);
        PipelinedOutcome lockstep = PipelineRig.runPipelined(NETWORK, csgEverywhere(),
                PipelineSettings.at(List.of(1, 2), 1).inLockstep(), DATA, CONFIG, 11);
        assertEquals(3, lockstep.cut().stages());
        assertSameNumbers(sequential, lockstep.training());
    }

    @Test
    void freeRunningStagesTrainAndMeasureThemselves() {
        PipelinedOutcome outcome = PipelineRig.runPipelined(NETWORK, csgAt(List.of(2)),
                PipelineSettings.at(List.of(2), 2), DATA, new TrainingConfig(8, 16), 3);
        List<EpochMetrics> history = outcome.training().history();
        assertEquals(8, history.size());
        assertTrue(history.get(7).testAccuracy() > 0.9, "blobs are easy: " + history.get(7));
        assertEquals(2, outcome.stages().size());
        StageMetrics below = outcome.stages().get(0);
        StageMetrics top = outcome.stages().get(1);
        assertEquals(8 * 6, below.steps());
        assertEquals(8 * 6, top.steps());
        assertEquals(below.steps(), below.targetsLearned());
        assertEquals(0, top.targetsLearned(), "nothing is above the top stage");
        assertTrue(below.busySeconds() > 0 && top.busySeconds() > 0);
        assertTrue(below.maxQueueDepth() <= 2, "the queue holds at most its capacity");
        assertEquals(outcome.samplesPerSecond() > 0, true);
    }

    @Test
    void updateLockedMethodsAreRefusedWithOneLineFromTable1() {
        InvalidInputException backprop = assertThrows(InvalidInputException.class,
                () -> PipelineRig.pipelined(NETWORK, new Backprop(), PipelineSettings.balanced(2, 2), 1));
        assertTrue(backprop.getMessage().contains("update locked at every boundary")
                && backprop.getMessage().contains("backward locked"), backprop.getMessage());
        InvalidInputException dfa = assertThrows(InvalidInputException.class,
                () -> PipelineRig.pipelined(NETWORK, new DirectFeedbackAlignment(FeedbackOptions.DEFAULTS),
                        PipelineSettings.balanced(2, 2), 1));
        assertTrue(dfa.getMessage().contains("backward unlocked"), dfa.getMessage());
        InvalidInputException lockedCut = assertThrows(InvalidInputException.class,
                () -> PipelineRig.pipelined(NETWORK, csgAt(List.of(2)), PipelineSettings.at(List.of(1), 2), 1));
        assertTrue(lockedCut.getMessage().contains("boundary 1 is update locked")
                && lockedCut.getMessage().contains("[2]"), lockedCut.getMessage());
        InvalidInputException tooMany = assertThrows(InvalidInputException.class,
                () -> PipelineRig.pipelined(NETWORK, csgAt(List.of(2)), PipelineSettings.balanced(3, 2), 1));
        assertTrue(tooMany.getMessage().contains("at most 2 stages"), tooMany.getMessage());
        for (InvalidInputException e : List.of(backprop, dfa, lockedCut, tooMany)) {
            assertEquals(1, e.getMessage().lines().count());
        }
    }

    @Test
    void anExceptionInOneStageStopsEveryStageAndIsRethrown() {
        Method failing = PipelineRig.withSignalAt(csgAt(List.of(2)), 1, calls -> {
            if (calls == 9) {
                throw new IllegalStateException("forced failure in stage 0");
            }
            return null;
        });
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> PipelineRig.runPipelined(
                NETWORK, failing, PipelineSettings.at(List.of(2), 2), DATA, CONFIG, 1));
        assertEquals("forced failure in stage 0", thrown.getMessage());
        assertNoStageThreadLeft();
    }

    @Test
    void aNonFiniteSignalStopsTheRunAsADivergence() {
        Method poisoned = PipelineRig.withSignalAt(csgAt(List.of(2)), 2, calls -> {
            if (calls == 14) {
                DMatrixRMaj nan = new DMatrixRMaj(16, 8);
                nan.fill(Double.NaN);
                return nan;
            }
            return null;
        });
        PipelinedOutcome outcome = PipelineRig.runPipelined(NETWORK, poisoned, PipelineSettings.at(List.of(2), 2), DATA,
                CONFIG, 1);
        assertTrue(outcome.training().diverged());
        Divergence divergence = outcome.training().divergence().orElseThrow();
        assertEquals(Divergence.Site.SIGNAL, divergence.site());
        assertEquals(2, divergence.index());
        assertEquals(2, outcome.training().history().size(), "the 6 steps of each of epochs 1 and 2 came before");
        assertNoStageThreadLeft();
    }

    @Test
    void anInterruptStopsEveryStageAndKeepsTheFinishedEpochs() throws Exception {
        CountDownLatch firstEpoch = new CountDownLatch(1);
        AtomicReference<PipelinedOutcome> result = new AtomicReference<>();
        Thread caller = new Thread(() -> result.set(PipelineRig.pipelined(NETWORK, csgAt(List.of(2)),
                PipelineSettings.at(List.of(2), 2), 1).run(DATA, new TrainingConfig(100_000, 16), new TrainingListener() {
                    @Override
                    public void epochFinished(EpochMetrics metrics) {
                        firstEpoch.countDown();
                    }
                })));
        caller.start();
        firstEpoch.await();
        caller.interrupt();
        caller.join(30_000);
        assertFalse(caller.isAlive(), "the run returned after the interrupt");
        PipelinedOutcome outcome = result.get();
        assertTrue(outcome.stoppedByCaller());
        assertTrue(outcome.training().history().size() >= 1 && outcome.training().history().size() < 100_000);
        assertNoStageThreadLeft();
    }

    static void assertNoStageThreadLeft() {
        for (int attempt = 0; attempt < 100; attempt++) {
            boolean any = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith("errorprop-stage-") && t.isAlive());
            if (!any) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("a pipeline stage thread is still alive");
    }
}
