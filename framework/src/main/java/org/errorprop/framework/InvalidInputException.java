package org.errorprop.framework;

/**
 * A user's mistake: bad data, a bad size, an unknown name. The CLI reports its message as one line
 * on stderr and exits with code 2, without a stack trace, so the message must say what was wrong
 * and, where it helps, what was expected.
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
