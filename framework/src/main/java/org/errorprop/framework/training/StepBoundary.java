package org.errorprop.framework.training;

import java.util.EnumSet;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.linalg.Workspaces;
import org.errorprop.framework.network.Linear;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.SignalNeed;

/** The trainer's {@link Boundary}: re-pointed at each boundary of each step, it hands out only what is granted. */
final class StepBoundary implements Boundary {
    private final Blas blas;
    private final EnumSet<SignalNeed> granted = EnumSet.noneOf(SignalNeed.class);
    private final DMatrixRMaj pulledBack = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj carried = new DMatrixRMaj(1, 1);
    private int index;
    private DMatrixRMaj activation;
    private DMatrixRMaj targets;
    private DMatrixRMaj outputError;
    private DMatrixRMaj upstreamError;
    private Linear upstreamLinear;
    private boolean pulledBackValid;

    StepBoundary(Blas blas) {
        this.blas = blas;
    }

    void pointAt(int k, DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj e, DMatrixRMaj upstreamG, Linear upstream) {
        this.index = k;
        this.activation = h;
        this.targets = y;
        this.outputError = e;
        this.upstreamError = upstreamG;
        this.upstreamLinear = upstream;
        this.pulledBackValid = false;
    }

    /** Grants exactly {@code needs} until the next call (an EnumSet copy: no allocation). */
    void grant(EnumSet<SignalNeed> needs) {
        granted.clear();
        granted.addAll(needs);
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
        require(SignalNeed.UPSTREAM_SIGNAL);
        return upstreamError;
    }

    @Override
    public DMatrixRMaj upstreamWeights() {
        require(SignalNeed.UPSTREAM_SIGNAL);
        return upstreamLinear.weight().value();
    }

    @Override
    public DMatrixRMaj upstreamErrorCarriedBy(DMatrixRMaj carrier) {
        require(SignalNeed.UPSTREAM_SIGNAL);
        DMatrixRMaj w = upstreamLinear.weight().value();
        if (carrier.numRows != w.numRows || carrier.numCols != w.numCols) {
            throw new IllegalArgumentException("boundary " + index + ": carrier is " + carrier.numRows + "x"
                    + carrier.numCols + ", expected W's shape " + w.numRows + "x" + w.numCols);
        }
        Workspaces.fit(carried, upstreamError.numRows, carrier.numRows);
        blas.multiplyTransposeB(upstreamError, carrier, carried);
        return carried;
    }

    @Override
    public DMatrixRMaj upstreamSignalPulledBack() {
        require(SignalNeed.UPSTREAM_SIGNAL);
        if (!pulledBackValid) {
            DMatrixRMaj w = upstreamLinear.weight().value();
            Workspaces.fit(pulledBack, upstreamError.numRows, w.numRows);
            blas.multiplyTransposeB(upstreamError, w, pulledBack);
            pulledBackValid = true;
        }
        return pulledBack;
    }

    private void require(SignalNeed need) {
        if (!granted.contains(need)) {
            throw new IllegalStateException("boundary " + index + ": the signal read " + need
                    + " without declaring it among its needs");
        }
    }
}
