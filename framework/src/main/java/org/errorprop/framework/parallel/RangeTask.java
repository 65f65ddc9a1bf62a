package org.errorprop.framework.parallel;

/** Work over a contiguous range {@code [from, to)} of some index space (rows, columns, elements). */
@FunctionalInterface
public interface RangeTask {
    void run(int from, int to);
}
