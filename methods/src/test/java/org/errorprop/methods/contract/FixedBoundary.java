package org.errorprop.methods.contract;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.signal.Boundary;

/**
 * A boundary outside any training step, for unit tests of a signal's arithmetic: it hands out the activation
 * and labels it was built with, and refuses everything else (a signal that reads more fails loudly).
 */
public record FixedBoundary(int index, DMatrixRMaj activation, DMatrixRMaj targets) implements Boundary {

    @Override
    public int batchSize() {
        return activation.numRows;
    }

    @Override
    public DMatrixRMaj outputError() {
        throw new UnsupportedOperationException("a fixed boundary has no output error");
    }

    @Override
    public DMatrixRMaj upstreamPreActivationError() {
        throw new UnsupportedOperationException("a fixed boundary has no upstream signal");
    }

    @Override
    public DMatrixRMaj upstreamWeights() {
        throw new UnsupportedOperationException("a fixed boundary has no upstream signal");
    }

    @Override
    public DMatrixRMaj upstreamErrorCarriedBy(DMatrixRMaj carrier) {
        throw new UnsupportedOperationException("a fixed boundary has no upstream signal");
    }

    @Override
    public double learningRateFactor() {
        return 1.0;
    }
}
