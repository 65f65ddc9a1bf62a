package org.errorprop.framework.network;

import org.ejml.data.DMatrixRMaj;

/**
 * A trainable tensor and the gradient the last backward pass left for it.
 *
 * <p>{@code value} and {@code gradient} have the same shape. A backward pass overwrites the
 * gradient (it never accumulates across calls); an optimiser reads it and changes {@code value} in
 * place.
 *
 * @param name     e.g. {@code "block-2/linear/weight"}
 * @param decays   whether an L2 penalty applies (weights yes; biases and BatchNorm's scale and shift no)
 */
public record Parameter(String name, DMatrixRMaj value, DMatrixRMaj gradient, boolean decays) {

    public Parameter {
        if (value.numRows != gradient.numRows || value.numCols != gradient.numCols) {
            throw new IllegalArgumentException(name + ": gradient shape differs from value shape");
        }
    }

    /** A zero value and gradient of the given shape. */
    public static Parameter zeros(String name, int rows, int cols, boolean decays) {
        return new Parameter(name, new DMatrixRMaj(rows, cols), new DMatrixRMaj(rows, cols), decays);
    }
}
