package org.errorprop.framework.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SplitPolicyTest {
    private static final int WINDOW = SplitPolicy.WINDOW;

    /** Runs {@code windows} windows of passes costing {@code split} or {@code whole} ns; returns the split ones. */
    private static long run(SplitPolicy policy, int windows, long split, long whole) {
        long before = policy.splitPasses();
        for (int i = 0; i < windows * WINDOW; i++) {
            policy.passTook(policy.nextPassSplits() ? split : whole);
        }
        return policy.splitPasses() - before;
    }

    @Test
    void onAQuietMachineSplittingStaysPreferredAndOnlyTrialsRunWholeEverMoreRarely() {
        SplitPolicy policy = new SplitPolicy();
        // the first trial after one window; each losing trial doubles the interval (8 -> 16 -> 32 -> 64 windows)
        int[] gaps = {1, 15, 31, 63, 63};
        for (int gap : gaps) {
            assertEquals((long) gap * WINDOW, run(policy, gap, 55, 100), "preferred windows split");
            assertEquals(0, run(policy, 1, 55, 100), "then one trial window runs whole");
        }
        assertTrue(policy.prefersSplitting());
        assertEquals(gaps.length * (long) WINDOW, policy.wholePasses());
    }

    @Test
    void whenRunningWholeIsFasterTheFirstTrialSwitchesAndLaterTrialsConfirm() {
        SplitPolicy policy = new SplitPolicy();
        assertEquals(WINDOW, run(policy, 1, 150, 100), "the first window splits");
        assertEquals(0, run(policy, 1, 150, 100), "the second is the trial, run whole");
        assertFalse(policy.prefersSplitting());
        assertEquals(0, run(policy, SplitPolicy.TRIAL_EVERY - 1, 150, 100), "after a switch: TRIAL_EVERY again");
        assertEquals(WINDOW, run(policy, 1, 150, 100), "a trial of splitting");
        assertFalse(policy.prefersSplitting(), "lost, so whole stays preferred");
        assertEquals(0, run(policy, 2 * SplitPolicy.TRIAL_EVERY - 1, 150, 100), "and the next trial is twice as far");
        assertEquals(WINDOW, run(policy, 1, 150, 100));
    }

    @Test
    void theMachineQuietingDownBringsSplittingBack() {
        SplitPolicy policy = new SplitPolicy();
        run(policy, 2, 150, 100);
        assertFalse(policy.prefersSplitting());
        run(policy, SplitPolicy.TRIAL_EVERY, 55, 100);
        assertTrue(policy.prefersSplitting());
    }

    @Test
    void aTrialMustWinByTheMarginToSwitch() {
        // a test of the rule itself: 5% faster is inside the margin (no switch), 15% faster is outside it
        SplitPolicy close = new SplitPolicy();
        run(close, 2, 100, 95);
        assertTrue(close.prefersSplitting());
        SplitPolicy clear = new SplitPolicy();
        run(clear, 2, 100, 85);
        assertFalse(clear.prefersSplitting());
    }
}
