package org.errorprop.framework.training;

import java.util.EnumSet;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.network.Linear;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.SignalNeed;

/** The trainer's {@link Boundary}: re-pointed at each boundary of each step, it hands out only what is granted. */
final class StepBoundary implements Boundary {
    private final GrantedNeeds granted = new GrantedNeeds();
    private int index;
    private double learningRateFactor = 1.0;
    private DMatrixRMaj activation;
    private DMatrixRMaj targets;
    private DMatrixRMaj outputError;
    private DMatrixRMaj upstreamError;
    private Linear upstreamLinear;
    /** The last carried error (the upstream linear map's workspace), and whether it is the pull-back through W. */
    private DMatrixRMaj carried;
    private boolean carriedIsPullBack;

    /** Points at hidden boundary {@code k}, below the linear map {@code upstream} of block {@code k+1}. */
    void pointAt(int k, DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj e, DMatrixRMaj upstreamG, Linear upstream) {
        this.index = k;
        this.activation = h;
        this.targets = y;
        this.outputError = e;
        this.upstreamError = upstreamG;
        this.upstreamLinear = upstream;
        this.carried = null;
        this.carriedIsPullBack = false;
    }

    /** Points at the output boundary {@code K}: {@code p}, the targets and {@code ∂L/∂p}; nothing upstream. */
    void pointAtOutput(int blocks, DMatrixRMaj p, DMatrixRMaj y, DMatrixRMaj e) {
        pointAt(blocks, p, y, e, null, null);
    }

    /** The learning-rate factor of the step being run. */
    void setLearningRateFactor(double factor) {
        this.learningRateFactor = factor;
    }

    /** Grants exactly {@code needs} until the next call (an EnumSet copy: no allocation). */
    void grant(EnumSet<SignalNeed> needs) {
        granted.grant(needs);
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public int batchSize() {
        return activation.numRows;
    }

    @Override
    public double learningRateFactor() {
        return learningRateFactor;
    }

    @Override
    public DMatrixRMaj activation() {
        require(SignalNeed.OWN_ACTIVATION);
        return activation;
    }

    @Override
    public DMatrixRMaj targets() {
        require(SignalNeed.LABEL);
        return targets;
    }

    @Override
    public DMatrixRMaj outputError() {
        require(SignalNeed.OUTPUT_ERROR);
        return outputError;
    }

    @Override
    public DMatrixRMaj upstreamPreActivationError() {
        requireUpstream();
        return upstreamError;
    }

    @Override
    public DMatrixRMaj upstreamWeights() {
        requireUpstream();
        return upstreamLinear.weight().value();
    }

    /** Through {@link Linear#carryDown}, the one product that carries an error below a linear map. */
    @Override
    public DMatrixRMaj upstreamErrorCarriedBy(DMatrixRMaj carrier) {
        requireUpstream();
        boolean pullBack = carrier == upstreamLinear.weight().value();
        if (!(pullBack && carriedIsPullBack)) {
            carried = upstreamLinear.carryDown(upstreamError, carrier);
            carriedIsPullBack = pullBack;
        }
        return carried;
    }

    private void requireUpstream() {
        require(SignalNeed.UPSTREAM_SIGNAL);
        if (upstreamLinear == null) {
            throw new IllegalStateException("boundary " + index + " is the output boundary: nothing is upstream");
        }
    }

    private void require(SignalNeed need) {
        granted.require(index, need);
    }
}
