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

    /** @param cause the failed write, or null when the loss was found by looking */
    OutputLostException(Path target, Path staging, IOException cause) {
        super("the unfinished output for " + target + " (" + staging + ") was removed while errorprop was writing it",
                cause != null ? cause : new NoSuchFileException(staging.toString()));
        this.target = target;
    }

    /** Where the output would have been committed. */
    public Path target() {
        return target;
    }
}
