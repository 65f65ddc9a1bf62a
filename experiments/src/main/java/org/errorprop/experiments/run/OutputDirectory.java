package org.errorprop.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;
import org.errorprop.framework.InvalidInputException;

/**
 * An output directory that appears whole or not at all: files are written into a hidden staging
 * directory beside the target, which is renamed onto the target by {@link #commit()}. If the work
 * fails, {@link #close()} removes the staging directory, so no half-written run is ever left.
 */
public final class OutputDirectory implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final boolean replaces;
    private boolean committed;

    private OutputDirectory(Path target, Path staging, boolean replaces) {
        this.target = target;
        this.staging = staging;
        this.replaces = replaces;
    }

    /** Checks that {@code target} is free (absent or an empty directory) and opens a staging directory. */
    public static OutputDirectory create(Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        checkFree(target, absolute);
        return open(target, absolute, false);
    }

    /**
     * Like {@link #create}, but an existing directory that holds {@code marker} (a file only this kind of
     * output writes, so an unrelated directory is never replaced) is replaced whole on {@link #commit()};
     * until then it stays untouched.
     */
    public static OutputDirectory replacing(Path target, String marker) {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute) && Files.isRegularFile(absolute.resolve(marker))) {
            return open(target, absolute, true);
        }
        if (Files.exists(absolute) && Files.isDirectory(absolute)) {
            try (Stream<Path> entries = Files.list(absolute)) {
                if (entries.findAny().isPresent()) {
                    throw new InvalidInputException("output directory " + target + " is not empty and holds no "
                            + marker + "; refusing to replace it");
                }
            } catch (IOException e) {
                throw new InvalidInputException("cannot read output directory " + target + ": " + e.getMessage(), e);
            }
        }
        checkFree(target, absolute);
        return open(target, absolute, false);
    }

    private static void checkFree(Path target, Path absolute) {
        if (Files.exists(absolute)) {
            if (!Files.isDirectory(absolute)) {
                throw new InvalidInputException("output " + target + " exists and is not a directory");
            }
            try (Stream<Path> entries = Files.list(absolute)) {
                if (entries.findAny().isPresent()) {
                    throw new InvalidInputException("output directory " + target
                            + " already exists and is not empty; choose another --out");
                }
            } catch (IOException e) {
                throw new InvalidInputException("cannot read output directory " + target + ": " + e.getMessage(), e);
            }
        }
    }

    private static OutputDirectory open(Path target, Path absolute, boolean replaces) {
        Path parent = absolute.getParent();
        try {
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".partial-");
            return new OutputDirectory(absolute, staging, replaces);
        } catch (IOException e) {
            throw new InvalidInputException("cannot create output directory " + target + ": " + e.getMessage(), e);
        }
    }

    /** Where the final directory will be. */
    public Path target() {
        return target;
    }

    /** A path inside the staging directory, parents created. */
    public Path file(String relative) {
        Path path = staging.resolve(relative);
        try {
            Files.createDirectories(path.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return path;
    }

    public void writeText(String relative, String text) {
        try {
            Files.writeString(file(relative), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves the staging directory onto the target (moving a replaced directory aside first, then deleting it). */
    public void commit() {
        try {
            if (replaces && Files.isDirectory(target)) {
                Path old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".replaced-");
                Files.delete(old);
                Files.move(target, old);
                deleteTree(old);
            } else if (Files.isDirectory(target)) {
                Files.delete(target);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(staging, target);
            }
            committed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move " + staging + " to " + target, e);
        }
    }

    /** Removes the staging directory unless {@link #commit()} succeeded. */
    @Override
    public void close() {
        if (committed || !Files.exists(staging)) {
            return;
        }
        deleteTree(staging);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
