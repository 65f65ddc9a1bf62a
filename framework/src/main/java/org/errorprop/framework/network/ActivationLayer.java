package org.errorprop.framework.network;

import org.ejml.data.DMatrixRMaj;

/** Applies an {@link Activation} to every element. */
public final class ActivationLayer implements Layer {
    private final Activation activation;
    private final int width;
    private final DMatrixRMaj output = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj inputGradient = new DMatrixRMaj(1, 1);

    public ActivationLayer(Activation activation, int width) {
        if (width <= 0) {
            throw new IllegalArgumentException("width must be positive, was " + width);
        }
        this.activation = activation;
        this.width = width;
    }

    public Activation activation() {
        return activation;
    }

    @Override
    public String kind() {
        return activation.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public int inputWidth() {
        return width;
    }

    @Override
    public int outputWidth() {
        return width;
    }

    @Override
    public DMatrixRMaj forward(DMatrixRMaj in, Mode mode) {
        if (in.numCols != width) {
            throw new IllegalArgumentException(kind() + ": input has " + in.numCols + " columns, expected " + width);
        }
        double[] x = in.data;
        double[] y = Layer.fit(output, in.numRows, width).data;
        int size = in.getNumElements();
        for (int i = 0; i < size; i++) {
            y[i] = activation.apply(x[i]);
        }
        return output;
    }

    @Override
    public DMatrixRMaj backward(DMatrixRMaj outputGradient) {
        if (outputGradient.numRows != output.numRows || outputGradient.numCols != width) {
            throw new IllegalStateException(kind() + ": backward without a matching forward pass");
        }
        double[] dy = outputGradient.data;
        double[] y = output.data;
        double[] dx = Layer.fit(inputGradient, outputGradient.numRows, width).data;
        int size = outputGradient.getNumElements();
        for (int i = 0; i < size; i++) {
            dx[i] = dy[i] * activation.derivativeFromOutput(y[i]);
        }
        return inputGradient;
    }
}
