package org.errorprop.framework.training;

import java.util.EnumSet;
import org.errorprop.framework.signal.SignalNeed;

/**
 * What a boundary may hand out while one signal runs: exactly the needs that signal declared. A read of anything
 * else fails, so a rule cannot quietly use a quantity its Table 1 row says it does without.
 */
final class GrantedNeeds {
    private final EnumSet<SignalNeed> granted = EnumSet.noneOf(SignalNeed.class);

    /** Grants exactly {@code needs} until the next call (an EnumSet copy: no allocation). */
    void grant(EnumSet<SignalNeed> needs) {
        granted.clear();
        granted.addAll(needs);
    }

    /** Fails unless {@code need} is granted; {@code boundary} names the boundary in the message. */
    void require(int boundary, SignalNeed need) {
        if (!granted.contains(need)) {
            throw new IllegalStateException("boundary " + boundary + ": the signal read " + need
                    + " without declaring it among its needs");
        }
    }
}
