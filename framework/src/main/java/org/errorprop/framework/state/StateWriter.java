package org.errorprop.framework.state;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;

/** Where a {@link Stateful} component puts the arrays of its training state, each under a name of its own. */
public interface StateWriter {

    /** Puts a copy of {@code values} under {@code name}; a name used twice is a bug. */
    void doubles(String name, double[] values);

    /** Puts a copy of {@code values} (counters) under {@code name}. */
    void longs(String name, long[] values);

    /** The elements of {@code matrix}, row-major. */
    default void matrix(String name, DMatrixRMaj matrix) {
        doubles(name, Arrays.copyOf(matrix.data, matrix.getNumElements()));
    }

    /** A view that puts every name below {@code prefix} ({@code prefix/name}), for a part of a component. */
    default StateWriter under(String prefix) {
        StateWriter outer = this;
        return new StateWriter() {
            @Override
            public void doubles(String name, double[] values) {
                outer.doubles(prefix + "/" + name, values);
            }

            @Override
            public void longs(String name, long[] values) {
                outer.longs(prefix + "/" + name, values);
            }
        };
    }
}
