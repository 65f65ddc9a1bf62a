package org.errorprop.framework.training;

import java.util.Optional;
import java.util.concurrent.Phaser;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the stages of one pipelined run share besides their queues: whether to stop (a failure, a divergence, the
 * caller's interrupt), the first failure and divergence, and the phaser at which the stages and the coordinator meet
 * at the start and the end of every epoch.
 */
final class PipelineControl {
    private final Phaser epochs;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicReference<Divergence> divergence = new AtomicReference<>();
    private volatile boolean stopped;
    private volatile boolean finished;

    PipelineControl(int stages) {
        this.epochs = new Phaser(stages + 1);
    }

    Phaser epochs() {
        return epochs;
    }

    boolean stopped() {
        return stopped;
    }

    /** Every stage stops at its next check, and every wait at the phaser returns. */
    void stop() {
        stopped = true;
        epochs.forceTermination();
    }

    /** Records the first failure of any stage and stops them all. */
    void fail(Throwable thrown) {
        failure.compareAndSet(null, thrown);
        stop();
    }

    /** Records the first non-finite number any stage met and stops them all. */
    void diverged(Divergence found) {
        divergence.compareAndSet(null, found);
        stop();
    }

    Optional<Throwable> failure() {
        return Optional.ofNullable(failure.get());
    }

    Optional<Divergence> divergence() {
        return Optional.ofNullable(divergence.get());
    }

    /** Set by the coordinator after the last epoch, before it releases the stages a last time. */
    void finish() {
        finished = true;
    }

    boolean finished() {
        return finished;
    }
}
