package org.errorprop.framework.linalg;

import java.util.Locale;
import org.errorprop.framework.InvalidInputException;

/**
 * The precision the matrix products of a {@link Blas} run in. Everything else (activations, gradients, the
 * optimiser's state, the weights themselves) stays double either way. Why: ADR-0009.
 */
public enum MatmulPrecision {
    /** {@code dgemm} on the double workspaces. */
    FLOAT64,
    /**
     * {@code sgemm} on single-precision copies of the operands, each rounded to nearest from its double; the
     * product is widened back to double exactly, and {@code alpha} and {@code beta} are applied in double.
     */
    FLOAT32;

    /** The choice named {@code value} ({@code float64} or {@code float32}, case-insensitive). */
    public static MatmulPrecision parse(String value) {
        for (MatmulPrecision precision : values()) {
            if (precision.label().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return precision;
            }
        }
        throw new InvalidInputException("the matmul precision must be float64 or float32, not '" + value + "'");
    }

    /** {@code float64} or {@code float32}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
