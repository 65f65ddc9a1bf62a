package org.errorprop.experiments.reproduce.implicitloss;

import java.util.List;
import java.util.function.IntPredicate;

/**
 * Means of the reconstruction correlations over chosen runs, boundaries and snapshots; non-finite values
 * (a constant {@code L̂}, for example) are skipped and counted.
 */
public final class CorrelationMeans {
    private CorrelationMeans() {
    }

    /**
     * The mean over {@code runs}, boundaries passing {@code boundary} and snapshot indices passing
     * {@code snapshotIndex}; NaN when nothing is selected.
     */
    public static double mean(List<RunRecord> runs, IntPredicate boundary, IntPredicate snapshotIndex) {
        double sum = 0;
        int count = 0;
        for (RunRecord run : runs) {
            List<Snapshot> snapshots = run.snapshots();
            for (int i = 0; i < snapshots.size(); i++) {
                if (!snapshotIndex.test(i)) {
                    continue;
                }
                for (var entry : snapshots.get(i).correlation().entrySet()) {
                    if (boundary.test(entry.getKey()) && Double.isFinite(entry.getValue())) {
                        sum += entry.getValue();
                        count++;
                    }
                }
            }
        }
        return count == 0 ? Double.NaN : sum / count;
    }

    /** Snapshot indices of the first half ({@code i < n/2}) of {@code n}. */
    public static IntPredicate earlyHalf(int n) {
        return i -> i < n / 2;
    }

    /** Snapshot indices of the second half ({@code i >= n - n/2}) of {@code n}. */
    public static IntPredicate lateHalf(int n) {
        return i -> i >= n - n / 2;
    }
}
