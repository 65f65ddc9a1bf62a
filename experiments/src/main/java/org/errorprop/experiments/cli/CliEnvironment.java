package org.errorprop.experiments.cli;

import java.io.PrintStream;
import java.util.function.LongSupplier;
import org.errorprop.framework.compute.Compute;

/**
 * What the commands take from the outside world, passed in so tests can fix it: the clock that
 * times epochs, the stream for progress bars and warnings, whether to draw progress bars, and where networks
 * compute (built once per process from its settings, {@link ProcessCompute}).
 */
public record CliEnvironment(LongSupplier nanoClock, PrintStream err, boolean progressBars, Compute compute) {

    /** The real clock and stderr; progress bars only when a terminal is attached. */
    public static CliEnvironment system() {
        return new CliEnvironment(System::nanoTime, System.err, System.console() != null, ProcessCompute.build());
    }
}
