package org.errorprop.experiments.cli;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * What the commands take from the outside world, passed in so tests can fix it: the clock that
 * times epochs, the stream for progress bars and warnings, and whether to draw progress bars.
 */
public record CliEnvironment(LongSupplier nanoClock, PrintStream err, boolean progressBars) {

    /** The real clock and stderr; progress bars only when a terminal is attached. */
    public static CliEnvironment system() {
        return new CliEnvironment(System::nanoTime, System.err, System.console() != null);
    }
}
