package org.errorprop.framework.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@link LockingProfile#of} against the last three rows of Table 1 of Czarnecki et al. (2017):
 * <pre>
 *                      SG    Bprop  FA    DFA   Kickback
 *   update locked      no    yes    yes   yes   yes
 *   backward locked    no    yes    yes   no    no
 *   direct error       no    no     no    yes   yes
 * </pre>
 * SG + prop (a synthesizer trained on the propagated signal) needs the signal from above to produce
 * its own, and is locked like backprop.
 */
class LockingProfileTest {
    private static final LockingProfile SG = new LockingProfile(false, false, false);
    private static final LockingProfile CHAIN = new LockingProfile(true, true, false);
    private static final LockingProfile DIRECT = new LockingProfile(true, false, true);

    @Test
    void syntheticGradientsAreUnlocked() {
        assertEquals(SG, LockingProfile.of(EnumSet.of(SignalNeed.OWN_ACTIVATION, SignalNeed.LABEL)));
        assertEquals(SG, LockingProfile.of(EnumSet.of(SignalNeed.OWN_ACTIVATION)));
        assertEquals(SG, LockingProfile.of(Set.of()));
    }

    @Test
    void backpropFeedbackAlignmentAndPropagatedSynthesizersAreUpdateAndBackwardLocked() {
        assertEquals(CHAIN, LockingProfile.of(EnumSet.of(SignalNeed.UPSTREAM_SIGNAL)));                   // Bprop, FA
        assertEquals(CHAIN, LockingProfile.of(EnumSet.of(SignalNeed.UPSTREAM_SIGNAL,
                SignalNeed.OWN_ACTIVATION, SignalNeed.LABEL)));                                          // SG + prop
        // Whatever else is read, waiting for the layer above is what counts: never "direct".
        assertEquals(CHAIN, LockingProfile.of(EnumSet.allOf(SignalNeed.class)));
    }

    @Test
    void directFeedbackAlignmentAndKickbackAreUpdateLockedAndDirect() {
        assertEquals(DIRECT, LockingProfile.of(EnumSet.of(SignalNeed.OUTPUT_ERROR)));                      // DFA
        assertEquals(DIRECT, LockingProfile.of(EnumSet.of(SignalNeed.OUTPUT_ERROR,
                SignalNeed.OWN_ACTIVATION)));                                                             // Kickback
        assertEquals(DIRECT, LockingProfile.of(EnumSet.of(SignalNeed.OUTPUT_ERROR, SignalNeed.LABEL,
                SignalNeed.OWN_ACTIVATION)));
    }

    @Test
    void anErrorSignalDerivesItsProfileFromItsNeedsNotItsLearningNeeds() {
        ErrorSignal synthesizer = new ErrorSignal() {
            @Override
            public Set<SignalNeed> needs() {
                return EnumSet.of(SignalNeed.OWN_ACTIVATION, SignalNeed.LABEL);
            }

            @Override
            public Set<SignalNeed> learningNeeds() {
                return EnumSet.of(SignalNeed.UPSTREAM_SIGNAL); // its target comes from above, later
            }

            @Override
            public org.ejml.data.DMatrixRMaj signal(Boundary at) {
                throw new UnsupportedOperationException();
            }
        };
        assertEquals(SG, synthesizer.locking());
    }
}
