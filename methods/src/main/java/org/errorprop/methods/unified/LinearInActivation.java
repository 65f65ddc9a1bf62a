package org.errorprop.methods.unified;

import java.util.Set;
import org.errorprop.framework.signal.SignalNeed;

/** A module output that reads only {@code h} and is linear in it, so its pull-back reads nothing. */
abstract class LinearInActivation implements ModuleOutput {

    @Override
    public final Set<SignalNeed> needs() {
        return Set.of(SignalNeed.OWN_ACTIVATION);
    }

    @Override
    public final Set<SignalNeed> pullBackNeeds() {
        return Set.of();
    }
}
