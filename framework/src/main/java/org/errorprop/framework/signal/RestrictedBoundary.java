package org.errorprop.framework.signal;

import java.util.EnumSet;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;

/**
 * A view of a {@link Boundary} that hands out only some of its needs, and refuses the rest as the
 * trainer's own boundary does. With it two signals can be evaluated on one boundary, each seeing
 * exactly what it declared (comparisons of rules, checks of Table 1).
 */
public final class RestrictedBoundary implements Boundary {
    private final Boundary inner;
    private final Set<SignalNeed> allowed;

    private RestrictedBoundary(Boundary inner, Set<SignalNeed> allowed) {
        this.inner = inner;
        this.allowed = allowed.isEmpty() ? EnumSet.noneOf(SignalNeed.class) : EnumSet.copyOf(allowed);
    }

    /** {@code inner} restricted to {@code allowed} (which should be a subset of what {@code inner} grants). */
    public static Boundary of(Boundary inner, Set<SignalNeed> allowed) {
        return new RestrictedBoundary(inner, allowed);
    }

    private void require(SignalNeed need) {
        if (!allowed.contains(need)) {
            throw new IllegalStateException("boundary " + inner.index() + ": read " + need
                    + " without declaring it among its needs");
        }
    }

    @Override
    public int index() {
        return inner.index();
    }

    @Override
    public int batchSize() {
        return inner.batchSize();
    }

    @Override
    public double learningRateFactor() {
        return inner.learningRateFactor();
    }

    @Override
    public DMatrixRMaj activation() {
        require(SignalNeed.OWN_ACTIVATION);
        return inner.activation();
    }

    @Override
    public DMatrixRMaj targets() {
        require(SignalNeed.LABEL);
        return inner.targets();
    }

    @Override
    public DMatrixRMaj outputError() {
        require(SignalNeed.OUTPUT_ERROR);
        return inner.outputError();
    }

    @Override
    public DMatrixRMaj upstreamPreActivationError() {
        require(SignalNeed.UPSTREAM_SIGNAL);
        return inner.upstreamPreActivationError();
    }

    @Override
    public DMatrixRMaj upstreamWeights() {
        require(SignalNeed.UPSTREAM_SIGNAL);
        return inner.upstreamWeights();
    }

    @Override
    public DMatrixRMaj upstreamErrorCarriedBy(DMatrixRMaj carrier) {
        require(SignalNeed.UPSTREAM_SIGNAL);
        return inner.upstreamErrorCarriedBy(carrier);
    }
}
