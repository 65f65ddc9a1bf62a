package org.errorprop.framework.signal;

import java.util.Set;

/**
 * The last three rows of the paper's Table 1 for one rule.
 *
 * <ul>
 *   <li><b>update locked</b>: the layer cannot update before the rest of the forward pass and the
 *       loss exist (it needs the output error or a signal from above);</li>
 *   <li><b>backward locked</b>: it must wait for the backward pass of the layers above;</li>
 *   <li><b>direct error</b>: it is driven straight by the output error, skipping the layers between.</li>
 * </ul>
 *
 * <p>The profile follows from what a signal needs to be produced ({@link #of}); what it needs only
 * to <em>learn</em> later (a synthesizer's target) does not lock the layers below.
 */
public record LockingProfile(boolean updateLocked, boolean backwardLocked, boolean directError) {

    public static LockingProfile of(Set<SignalNeed> needs) {
        boolean upstream = needs.contains(SignalNeed.UPSTREAM_SIGNAL);
        boolean output = needs.contains(SignalNeed.OUTPUT_ERROR);
        return new LockingProfile(upstream || output, upstream, output && !upstream);
    }
}
