package org.errorprop.framework.training;

/**
 * What one pipeline stage measured: time computing, waiting for input, and waiting for room in the queue above;
 * the staleness of its synthesizer's targets (how many later batches the stage had run, and updated from, when a
 * batch's target came back: 0 means in time for the next batch, as in the sequential schedule); and the depth of the queue it feeds. Written by the stage's thread only;
 * read after the stage stopped or met the others at an epoch's end.
 *
 * @param stage      the stage, from 0
 * @param firstBlock its first block
 * @param lastBlock  its last block
 */
public record StageMetrics(int stage, int firstBlock, int lastBlock, double busySeconds, double idleSeconds,
                           double blockedSeconds, long steps, long updates, long targetsLearned,
                           double meanStaleness, long maxStaleness, double meanQueueDepth, int maxQueueDepth) {

    /** The mutable counters a stage keeps while it runs. */
    static final class Counters {
        long busyNanos;
        long idleNanos;
        long blockedNanos;
        long steps;
        long updates;
        long targetsLearned;
        long stalenessSum;
        long maxStaleness;
        long queueDepthSum;
        long queueSamples;
        int maxQueueDepth;

        void staleness(long updatesOld) {
            targetsLearned++;
            stalenessSum += updatesOld;
            maxStaleness = Math.max(maxStaleness, updatesOld);
        }

        void queueDepth(int depth) {
            queueDepthSum += depth;
            queueSamples++;
            maxQueueDepth = Math.max(maxQueueDepth, depth);
        }

        StageMetrics snapshot(int stage, int firstBlock, int lastBlock) {
            return new StageMetrics(stage, firstBlock, lastBlock, busyNanos / 1e9, idleNanos / 1e9, blockedNanos / 1e9,
                    steps, updates, targetsLearned, targetsLearned == 0 ? 0 : (double) stalenessSum / targetsLearned,
                    maxStaleness, queueSamples == 0 ? 0 : (double) queueDepthSum / queueSamples, maxQueueDepth);
        }
    }
}
