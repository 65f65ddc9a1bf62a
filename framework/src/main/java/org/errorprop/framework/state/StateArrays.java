package org.errorprop.framework.state;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.errorprop.framework.InvalidInputException;

/**
 * Named arrays of training state, in the order they were put: what {@link Stateful#exportState} writes and
 * {@link Stateful#importState} reads. Reading checks each name, type and length, and {@link #requireAllRead}
 * that nothing was left over, so a state of another network or rule is refused rather than half applied.
 */
public final class StateArrays {
    private final Map<String, Object> arrays = new LinkedHashMap<>();
    private final Set<String> read = new LinkedHashSet<>();

    /** Puts into these arrays. */
    public StateWriter writer() {
        return new StateWriter() {
            @Override
            public void doubles(String name, double[] values) {
                put(name, values.clone());
            }

            @Override
            public void longs(String name, long[] values) {
                put(name, values.clone());
            }
        };
    }

    /** Reads from these arrays, each read remembered for {@link #requireAllRead}. */
    public StateReader reader() {
        return new StateReader() {
            @Override
            public void doubles(String name, double[] into) {
                readDoubles(name, into);
            }

            @Override
            public void longs(String name, long[] into) {
                readLongs(name, into);
            }
        };
    }

    private void put(String name, Object values) {
        if (arrays.putIfAbsent(name, values) != null) {
            throw new IllegalStateException("state array '" + name + "' was exported twice");
        }
    }

    private void readDoubles(String name, double[] into) {
        Object values = find(name);
        if (!(values instanceof double[] found)) {
            throw new InvalidInputException("the saved state's '" + name + "' holds counters, this run expects numbers");
        }
        requireLength(name, found.length, into.length);
        System.arraycopy(found, 0, into, 0, found.length);
        read.add(name);
    }

    private void readLongs(String name, long[] into) {
        Object values = find(name);
        if (!(values instanceof long[] found)) {
            throw new InvalidInputException("the saved state's '" + name + "' holds numbers, this run expects counters");
        }
        requireLength(name, found.length, into.length);
        System.arraycopy(found, 0, into, 0, found.length);
        read.add(name);
    }

    private Object find(String name) {
        Object values = arrays.get(name);
        if (values == null) {
            throw new InvalidInputException("the saved state has no '" + name + "' (another network or rule?)");
        }
        return values;
    }

    private static void requireLength(String name, int saved, int expected) {
        if (saved != expected) {
            throw new InvalidInputException("the saved state's '" + name + "' holds " + saved + " values, this run has "
                    + expected + " (another network shape?)");
        }
    }

    /** Throws if an array was never read since this object was made: a state of a larger network or another rule. */
    public void requireAllRead() {
        for (String name : arrays.keySet()) {
            if (!read.contains(name)) {
                throw new InvalidInputException("the saved state has '" + name + "', which this run does not have "
                        + "(another network or rule?)");
            }
        }
    }

    /** The names, in the order they were put. */
    public List<String> names() {
        return List.copyOf(arrays.keySet());
    }

    /** Whether {@code name} holds numbers ({@code double}s) rather than counters. */
    public boolean holdsDoubles(String name) {
        return find(name) instanceof double[];
    }

    /** A copy of the numbers under {@code name}. */
    public double[] doublesOf(String name) {
        return ((double[]) find(name)).clone();
    }

    /** A copy of the counters under {@code name}. */
    public long[] longsOf(String name) {
        return ((long[]) find(name)).clone();
    }

    /** Whether both hold the same names in the same order with bit-identical values. */
    public boolean sameBits(StateArrays other) {
        if (!names().equals(other.names())) {
            return false;
        }
        for (String name : arrays.keySet()) {
            Object mine = arrays.get(name);
            Object theirs = other.arrays.get(name);
            if (mine instanceof double[] a && theirs instanceof double[] b) {
                if (a.length != b.length) {
                    return false;
                }
                for (int i = 0; i < a.length; i++) {
                    if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                        return false;
                    }
                }
            } else if (!(mine instanceof long[] a && theirs instanceof long[] b && Arrays.equals(a, b))) {
                return false;
            }
        }
        return true;
    }
}
