package org.errorprop.framework.training;

/**
 * Training produced a non-finite number where the caller cannot keep a diverged run as a result. Reported
 * to the user, not a bug in errorprop.
 */
public final class DivergenceException extends org.errorprop.framework.InvalidInputException {
    private static final long serialVersionUID = 1L;

    public DivergenceException(String message) {
        super(message);
    }

    /** {@code the loss became NaN in epoch 3, step 17: training diverged (try a smaller learning rate)}. */
    public DivergenceException(Divergence divergence) {
        this(divergence.describe() + ": training diverged (try a smaller learning rate)");
    }
}
