package org.errorprop.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The staging directory of an {@link OutputDirectory} disappeared while errorprop was writing into it (removed
 * by another process or a cleanup job): a failure of the environment, not a bug; nothing is committed.
 */
public final class OutputLostException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    private final Path target;
    private final boolean stopping;

    /**
     * @param stopping whether errorprop itself removed it, stopping on SIGINT or SIGTERM
     * @param cause    the failed write, or null when the loss was found by looking
     */
    OutputLostException(Path target, Path staging, boolean stopping, IOException cause) {
        super("the unfinished output for " + target + " (" + staging + ") was removed while errorprop was writing it",
                cause != null ? cause : new NoSuchFileException(staging.toString()));
        this.target = target;
        this.stopping = stopping;
    }

    /** Whether errorprop removed it itself, stopping on a signal (which it has said on stderr already). */
    public boolean stopping() {
        return stopping;
    }

    /** Where the output would have been committed. */
    public Path target() {
        return target;
    }
}
