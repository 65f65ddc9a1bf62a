package org.errorprop.framework.network;

import java.util.Arrays;
import java.util.List;

/**
 * The widths of a network's representations: {@code widths[0]} is the input, {@code widths[k]} the
 * output {@code h_k} of block {@code k}, the last one the network output {@code p}. Hidden boundary
 * {@code k} (1-based, {@code 1 ≤ k ≤ boundaries()}) sits between block {@code k} and block {@code k+1}.
 */
public record NetworkShape(List<Integer> widths) {

    public NetworkShape {
        widths = List.copyOf(widths);
        if (widths.size() < 2) {
            throw new IllegalArgumentException("a network needs at least an input and an output width");
        }
    }

    public static NetworkShape of(int... widths) {
        return new NetworkShape(Arrays.stream(widths).boxed().toList());
    }

    public int inputWidth() {
        return widths.get(0);
    }

    public int outputWidth() {
        return widths.get(widths.size() - 1);
    }

    /** Number of blocks (linear maps). */
    public int blocks() {
        return widths.size() - 1;
    }

    /** Number of hidden boundaries, one per hidden block. */
    public int boundaries() {
        return widths.size() - 2;
    }

    /** Width of {@code h_k} at hidden boundary {@code k} (1-based). */
    public int boundaryWidth(int k) {
        if (k < 1 || k > boundaries()) {
            throw new IndexOutOfBoundsException("boundary " + k + " of " + boundaries());
        }
        return widths.get(k);
    }
}
