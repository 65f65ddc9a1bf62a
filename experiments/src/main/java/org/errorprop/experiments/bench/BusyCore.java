package org.errorprop.experiments.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.errorprop.framework.InvalidInputException;

/**
 * Another process keeping one core busy while the bench runs ({@code bench --busy-core}): {@code yes} with its output
 * discarded, as a user's {@code yes > /dev/null} beside the bench. {@link #close} stops it.
 */
public final class BusyCore implements AutoCloseable {
    private final Process process;

    private BusyCore(Process process) {
        this.process = process;
    }

    /** Starts {@code yes}; a machine without it is told so in one line. */
    public static BusyCore start() {
        try {
            return new BusyCore(new ProcessBuilder("yes").redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start());
        } catch (IOException e) {
            throw new InvalidInputException("--busy-core needs the command yes (coreutils): " + e.getMessage(), e);
        }
    }

    /** The busy process's id, for the bench's log. */
    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the busy process and waits for it. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
