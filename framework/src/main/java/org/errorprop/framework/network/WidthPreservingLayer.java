package org.errorprop.framework.network;

/** A layer whose output has as many columns as its input (element-wise or per-feature layers). */
public interface WidthPreservingLayer extends Layer {

    /** The width of both the input and the output. */
    int width();

    @Override
    default int inputWidth() {
        return width();
    }

    @Override
    default int outputWidth() {
        return width();
    }
}
