package org.errorprop.framework.testing;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;

/** Random matrices for tests; every value comes from a {@link SplittableRandom} seeded by the test. */
public final class Matrices {
    private Matrices() {
    }

    /** Entries uniform in {@code [lo, hi)}. */
    public static DMatrixRMaj uniform(int rows, int cols, double lo, double hi, SplittableRandom random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            m.data[i] = lo + (hi - lo) * random.nextDouble();
        }
        return m;
    }

    /** Entries with magnitude uniform in {@code [min, max)} and a random sign (never near zero). */
    public static DMatrixRMaj awayFromZero(int rows, int cols, double min, double max, SplittableRandom random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            double magnitude = min + (max - min) * random.nextDouble();
            m.data[i] = random.nextBoolean() ? magnitude : -magnitude;
        }
        return m;
    }

    /**
     * Entries uniform in {@code [lo, hi)}, each column redrawn until its biased standard deviation over
     * the rows is at least {@code minStd} (so BatchNorm's derivatives stay bounded).
     */
    public static DMatrixRMaj spreadColumns(int rows, int cols, double lo, double hi, double minStd,
                                            SplittableRandom random) {
        if (rows < 2) {
            throw new IllegalArgumentException("a column of one row has no spread");
        }
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int c = 0; c < cols; c++) {
            do {
                for (int r = 0; r < rows; r++) {
                    m.unsafe_set(r, c, lo + (hi - lo) * random.nextDouble());
                }
            } while (minColumnStd(m, c, c + 1) < minStd);
        }
        return m;
    }

    /** The smallest biased standard deviation over the rows among columns {@code [from, to)}. */
    public static double minColumnStd(DMatrixRMaj m, int from, int to) {
        double smallest = Double.POSITIVE_INFINITY;
        for (int c = from; c < to; c++) {
            double mean = 0;
            for (int r = 0; r < m.numRows; r++) {
                mean += m.unsafe_get(r, c);
            }
            mean /= m.numRows;
            double squares = 0;
            for (int r = 0; r < m.numRows; r++) {
                double d = m.unsafe_get(r, c) - mean;
                squares += d * d;
            }
            smallest = Math.min(smallest, Math.sqrt(squares / m.numRows));
        }
        return smallest;
    }

    /** The smallest biased standard deviation of any column. */
    public static double minColumnStd(DMatrixRMaj m) {
        return minColumnStd(m, 0, m.numCols);
    }

    /** The smallest absolute entry. */
    public static double minAbs(DMatrixRMaj m) {
        double smallest = Double.POSITIVE_INFINITY;
        for (int i = 0, n = m.getNumElements(); i < n; i++) {
            smallest = Math.min(smallest, Math.abs(m.data[i]));
        }
        return smallest;
    }

    /** Overwrites every entry of {@code target} (same shape) with a uniform draw in {@code [lo, hi)}. */
    public static void fill(DMatrixRMaj target, double lo, double hi, SplittableRandom random) {
        for (int i = 0, n = target.getNumElements(); i < n; i++) {
            target.data[i] = lo + (hi - lo) * random.nextDouble();
        }
    }

    /** Bit-for-bit equality of shape and every entry ({@code Double.compare}, so {@code -0.0 ≠ 0.0}). */
    public static boolean identical(DMatrixRMaj a, DMatrixRMaj b) {
        if (a.numRows != b.numRows || a.numCols != b.numCols) {
            return false;
        }
        for (int i = 0, n = a.getNumElements(); i < n; i++) {
            if (Double.doubleToLongBits(a.data[i]) != Double.doubleToLongBits(b.data[i])) {
                return false;
            }
        }
        return true;
    }
}
