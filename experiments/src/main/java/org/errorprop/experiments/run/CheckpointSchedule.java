package org.errorprop.experiments.run;

import java.time.Duration;
import org.errorprop.framework.InvalidInputException;

/**
 * When a run saves a checkpoint, at the end of an epoch: every {@code n} epochs, never, or (the default) at the
 * end of the first epoch after {@link #DEFAULT_INTERVAL} of training since the start or the last checkpoint. The
 * default bounds the work a kill loses to about a minute plus one epoch, and costs nothing to runs shorter than a
 * minute (the reference run takes 13 s), which a kill restarts from the beginning. When checkpoints are taken
 * never changes the numbers of a run, only how much of it a kill loses.
 */
public final class CheckpointSchedule {
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    private final int everyEpochs;
    private final long minimumNanos;

    private CheckpointSchedule(int everyEpochs, long minimumNanos) {
        this.everyEpochs = everyEpochs;
        this.minimumNanos = minimumNanos;
    }

    /** Every {@code n} epochs; {@code 0}: never. */
    public static CheckpointSchedule everyEpochs(int n) {
        if (n < 0) {
            throw new InvalidInputException("--checkpoint-every must be 0 (never) or a number of epochs, was " + n);
        }
        return new CheckpointSchedule(n, -1);
    }

    /** At the end of the first epoch after at least {@code interval} of training since the last checkpoint. */
    public static CheckpointSchedule afterTraining(Duration interval) {
        return new CheckpointSchedule(-1, interval.toNanos());
    }

    /** The default: {@link #afterTraining} a minute. */
    public static CheckpointSchedule byDefault() {
        return afterTraining(DEFAULT_INTERVAL);
    }

    public boolean never() {
        return everyEpochs == 0;
    }

    /** Whether checkpoints were asked for by a number of epochs (not the default). */
    boolean explicit() {
        return everyEpochs > 0;
    }

    /**
     * Whether to save after {@code epoch}, {@code sinceLastNanos} of wall clock after the run's start or its last
     * checkpoint. Never after the last epoch: the finished run directory takes its place.
     */
    boolean due(int epoch, int lastEpoch, long sinceLastNanos) {
        if (epoch >= lastEpoch || never()) {
            return false;
        }
        return everyEpochs > 0 ? epoch % everyEpochs == 0 : sinceLastNanos >= minimumNanos;
    }

    @Override
    public String toString() {
        return everyEpochs > 0 ? "every " + everyEpochs + " epochs" : never() ? "never"
                : "after each " + Duration.ofNanos(minimumNanos).toSeconds() + " s of training";
    }
}
