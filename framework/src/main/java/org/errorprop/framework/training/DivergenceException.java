package org.errorprop.framework.training;

/** Training produced a non-finite loss. Reported to the user, not a bug in errorprop. */
public final class DivergenceException extends org.errorprop.framework.InvalidInputException {
    private static final long serialVersionUID = 1L;

    public DivergenceException(String message) {
        super(message);
    }
}
