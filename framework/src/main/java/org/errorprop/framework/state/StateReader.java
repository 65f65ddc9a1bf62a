package org.errorprop.framework.state;

import org.ejml.data.DMatrixRMaj;

/**
 * Where a {@link Stateful} component reads its training state back. A name that is missing, or holds another
 * type or number of values, is a state that does not fit: {@link org.errorprop.framework.InvalidInputException}.
 */
public interface StateReader {

    /** Copies the values under {@code name} into {@code into}, which must have exactly their number. */
    void doubles(String name, double[] into);

    /** Copies the counters under {@code name} into {@code into}, which must have exactly their number. */
    void longs(String name, long[] into);

    /** Reads the elements of {@code matrix}, row-major, in place. */
    default void matrix(String name, DMatrixRMaj matrix) {
        double[] values = new double[matrix.getNumElements()];
        doubles(name, values);
        System.arraycopy(values, 0, matrix.data, 0, values.length);
    }

    /** A view that reads every name below {@code prefix}, the mirror of {@link StateWriter#under}. */
    default StateReader under(String prefix) {
        StateReader outer = this;
        return new StateReader() {
            @Override
            public void doubles(String name, double[] into) {
                outer.doubles(prefix + "/" + name, into);
            }

            @Override
            public void longs(String name, long[] into) {
                outer.longs(prefix + "/" + name, into);
            }
        };
    }
}
