package org.errorprop.framework.parallel;

/**
 * Whether the next pass of a {@link WorkSplitter} should be handed to its workers or run whole on the caller,
 * chosen by measuring both. Either way the same ranges run, so the choice changes timing only, never a number.
 *
 * <p>Splitting pays on a quiet machine. On a shared one a worker can sit on a core that another process holds: the
 * caller finishes its range and waits, and three threads share two cores where one would have had a core to
 * itself. Which is faster cannot be read off a split pass alone (the caller's own range is slowed too), so the
 * policy compares the two: passes go in windows of {@value #WINDOW}, most in the mode currently preferred, and
 * one window in {@value #TRIAL_EVERY} or more in the other mode as a trial. A training step repeats the same few dozen
 * passes, so two windows of consecutive passes hold nearly the same mix (a window spans a dozen or more steps; the
 * mixes differ by at most the passes of one step at the edges, a few per cent), and their mean wall time per pass
 * compares the modes. The trial's mode becomes the preferred one when its mean is below {@value #SWITCH_BELOW} of
 * the window before it; the margin covers the edge effect and keeps the choice from flapping. A trial that loses
 * doubles the number of windows until the next one, up to {@value #MAX_TRIAL_EVERY}, since every losing trial costs
 * a window at the slower mode; a trial that wins switches and brings the interval back to {@value #TRIAL_EVERY}.
 *
 * <p>Not thread-safe: only the caller holding the splitter feeds it.
 */
final class SplitPolicy {
    /** Passes per window; a training step of the benchmark network makes about 60. */
    static final int WINDOW = 1024;
    /** One window in this many tries the other mode, at first and after a switch. */
    static final int TRIAL_EVERY = 8;
    /** The longest interval between trials, reached by doubling after losing ones. */
    static final int MAX_TRIAL_EVERY = 64;
    /** A trial wins when its mean time per pass is below this share of the preferred mode's. */
    static final double SWITCH_BELOW = 0.9;

    private boolean preferSplit = true;
    private boolean trial;
    /** The first trial comes after one window, so that a busy machine is found early. */
    private int windowsSinceTrial = TRIAL_EVERY - 2;
    private int trialEvery = TRIAL_EVERY;
    private int passesInWindow;
    private long windowNanos;
    private double lastPreferredMean = Double.NaN;
    private long splitPassesTotal;
    private long wholePassesTotal;

    /** Whether the next pass goes to the workers. */
    boolean nextPassSplits() {
        boolean split = trial != preferSplit;
        if (split) {
            splitPassesTotal++;
        } else {
            wholePassesTotal++;
        }
        return split;
    }

    /** The pass just announced by {@link #nextPassSplits} took {@code wallNanos}, hand-over to last range. */
    void passTook(long wallNanos) {
        windowNanos += wallNanos;
        if (++passesInWindow < WINDOW) {
            return;
        }
        double mean = (double) windowNanos / passesInWindow;
        passesInWindow = 0;
        windowNanos = 0;
        if (trial) {
            trial = false;
            if (mean < SWITCH_BELOW * lastPreferredMean) {
                preferSplit = !preferSplit;
                lastPreferredMean = mean;
                trialEvery = TRIAL_EVERY;
            } else {
                trialEvery = Math.min(MAX_TRIAL_EVERY, 2 * trialEvery);
            }
            return;
        }
        lastPreferredMean = mean;
        if (++windowsSinceTrial >= trialEvery - 1) {
            windowsSinceTrial = 0;
            trial = true;
        }
    }

    /** Whether the workers are the preferred mode now (a trial window may be under way in the other). */
    boolean prefersSplitting() {
        return preferSplit;
    }

    /** Passes handed to the workers so far. */
    long splitPasses() {
        return splitPassesTotal;
    }

    /** Passes run whole on the caller (the preferred mode or a trial). */
    long wholePasses() {
        return wholePassesTotal;
    }
}
