package org.errorprop.experiments.data;

/**
 * The environment cannot provide data a run asked for (npm missing, the registry unreachable, a download that is
 * not the pinned package): not the user's mistake, so the command exits 1 with this one-line message.
 */
public final class DataUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataUnavailableException(String message) {
        super(message);
    }

    public DataUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
