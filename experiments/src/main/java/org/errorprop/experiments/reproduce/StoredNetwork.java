package org.errorprop.experiments.reproduce;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.state.StateArrays;
import org.errorprop.framework.state.StateWriter;

/**
 * A trained network's state (every array its {@link Network#exportState} writes: weights, biases, BatchNorm's
 * parameters and running statistics) in a form the {@link RunStore} can keep. {@link #restoreInto} puts it
 * into a network of the same shape, bit for bit, and refuses another shape.
 */
public record StoredNetwork(List<String> names, List<Object> arrays) implements Serializable {

    public StoredNetwork {
        names = List.copyOf(names);
        arrays = List.copyOf(arrays);
        if (names.size() != arrays.size()) {
            throw new IllegalArgumentException(names.size() + " names for " + arrays.size() + " arrays");
        }
    }

    public static StoredNetwork of(Network network) {
        StateArrays state = new StateArrays();
        network.exportState(state.writer());
        List<Object> arrays = new ArrayList<>();
        for (String name : state.names()) {
            arrays.add(state.holdsDoubles(name) ? state.doublesOf(name) : state.longsOf(name));
        }
        return new StoredNetwork(state.names(), arrays);
    }

    /** Overwrites {@code network}'s state with this one; throws when the shapes differ. */
    public void restoreInto(Network network) {
        StateArrays state = new StateArrays();
        StateWriter writer = state.writer();
        for (int i = 0; i < names.size(); i++) {
            Object array = arrays.get(i);
            if (array instanceof double[] doubles) {
                writer.doubles(names.get(i), doubles);
            } else {
                writer.longs(names.get(i), (long[]) array);
            }
        }
        network.importState(state.reader());
        state.requireAllRead();
    }
}
