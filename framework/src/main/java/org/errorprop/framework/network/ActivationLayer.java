package org.errorprop.framework.network;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.Workspaces;
import org.errorprop.framework.parallel.RangeTask;
import org.errorprop.framework.parallel.WorkSplitter;

/**
 * Applies an {@link Activation} to every element; large batches in ranges on the {@link WorkSplitter splitter} of its
 * {@link Compute} (element by element, so the numbers do not depend on the ranges).
 */
public final class ActivationLayer implements WidthPreservingLayer {
    private final Activation activation;
    private final int width;
    private final DMatrixRMaj output = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj inputGradient = new DMatrixRMaj(1, 1);
    private final WorkSplitter splitter;
    private final RangeTask forwardRange = this::forwardRange;
    private final RangeTask backwardRange = this::backwardRange;
    private DMatrixRMaj input;
    private DMatrixRMaj upstream;

    public ActivationLayer(Activation activation, int width, Compute compute) {
        if (width <= 0) {
            throw new IllegalArgumentException("width must be positive, was " + width);
        }
        this.activation = activation;
        this.width = width;
        this.splitter = compute.splitter();
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public String kind() {
        return activation.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public DMatrixRMaj forward(DMatrixRMaj in, Mode mode) {
        if (in.numCols != width) {
            throw new IllegalArgumentException(kind() + ": input has " + in.numCols + " columns, expected " + width);
        }
        Workspaces.fit(output, in.numRows, width);
        input = in;
        splitter.forEachRangeIfLarge(in.getNumElements(), in.getNumElements(), forwardRange);
        input = null;
        return output;
    }

    @Override
    public DMatrixRMaj backward(DMatrixRMaj outputGradient) {
        if (outputGradient.numRows != output.numRows || outputGradient.numCols != width) {
            throw new IllegalStateException(kind() + ": backward without a matching forward pass");
        }
        Workspaces.fit(inputGradient, outputGradient.numRows, width);
        upstream = outputGradient;
        splitter.forEachRangeIfLarge(outputGradient.getNumElements(), outputGradient.getNumElements(), backwardRange);
        upstream = null;
        return inputGradient;
    }

    private void forwardRange(int from, int to) {
        activation.applyRange(input.data, output.data, from, to);
    }

    private void backwardRange(int from, int to) {
        activation.multiplyByDerivative(output.data, upstream.data, inputGradient.data, from, to);
    }
}
