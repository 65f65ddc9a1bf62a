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
 * fails, {@link #close()} removes the staging directory, so no half-written run is ever left. A committed
 * directory carries an {@link OutputMarker} (its kind, the command, every file written), which is what
 * {@link #replacing} checks before it may replace anything.
 */
public final class OutputDirectory implements AutoCloseable {
    private final Path target;
    private final Path staging;
    private final OutputKind kind;
    private final boolean replaces;
    private final OutputLock lock;
    private final Thread cleanupOnSignal;
    private volatile boolean committed;
    private boolean closed;
    /** Set when SIGINT or SIGTERM removes the staging directory: the work's failures then follow from that. */
    private volatile boolean stopping;
    /** Appended to the line said when a signal stops the work (how to continue it), or empty. */
    private volatile String whenStopped = "";

    private OutputDirectory(Path target, Path staging, OutputKind kind, boolean replaces, OutputLock lock) {
        this.target = target;
        this.staging = staging;
        this.kind = kind;
        this.replaces = replaces;
        this.lock = lock;
        this.cleanupOnSignal = new Thread(this::removeStagingOnShutdown, "errorprop-output-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupOnSignal);
    }

    /** Checks that {@code target} is free (absent or an empty directory) and opens a staging directory. */
    public static OutputDirectory create(Path target, OutputKind kind) {
        Path absolute = target.toAbsolutePath().normalize();
        checkFree(target, absolute);
        return open(target, absolute, kind, false);
    }

    /**
     * Like {@link #create}, but an existing directory is replaced whole on {@link #commit()} when errorprop wrote
     * it as output of the same {@code kind} and it holds nothing else ({@link OutputMarker}); anything else is
     * refused with one line before a file is touched. Until the commit the old directory stays as it was.
     */
    public static OutputDirectory replacing(Path target, OutputKind kind) {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute) && !isEmpty(target, absolute)) {
            OutputMarker.requireReplaceable(absolute, target, kind);
            return open(target, absolute, kind, true);
        }
        checkFree(target, absolute);
        return open(target, absolute, kind, false);
    }

    private static boolean isEmpty(Path target, Path absolute) {
        try (Stream<Path> entries = Files.list(absolute)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new InvalidInputException("cannot read output directory " + target + ": " + e.getMessage(), e);
        }
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

    private static OutputDirectory open(Path target, Path absolute, OutputKind kind, boolean replaces) {
        Path parent = absolute.getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new InvalidInputException("cannot create output directory " + target + ": " + e.getMessage(), e);
        }
        OutputLock lock = OutputLock.acquire(absolute, target);
        try {
            StagingDirectories.removeStale(absolute);
            Path staging = StagingDirectories.create(absolute);
            return new OutputDirectory(absolute, staging, kind, replaces, lock);
        } catch (IOException | RuntimeException e) {
            lock.release();
            if (e instanceof InvalidInputException mistake) {
                throw mistake;
            }
            throw new InvalidInputException("cannot create output directory " + target + ": " + e.getMessage(), e);
        }
    }

    /** Where the final directory will be. */
    public Path target() {
        return target;
    }

    /**
     * What to add to the line said when SIGINT or SIGTERM stops the work before the commit, e.g. how to continue it
     * (a resumable run keeps its checkpoints beside the target).
     */
    public void whenStoppedSay(String hint) {
        whenStopped = "; " + hint;
    }

    /** Whether {@link #commit()} published the output. */
    public boolean isCommitted() {
        return committed;
    }

    /**
     * A path inside the staging directory, parents created below it; an {@link OutputLostException} if the staging
     * directory is gone (it is never created again: a half-written output must not be committed).
     */
    public Path file(String relative) {
        Path path = staging.resolve(relative).normalize();
        if (!path.startsWith(staging) || path.equals(staging)) {
            throw new IllegalArgumentException(relative + " is not a file inside the output directory");
        }
        try {
            Path parent = staging;
            for (Path part : staging.relativize(path.getParent() == null ? staging : path.getParent())) {
                parent = parent.resolve(part);
                if (!part.toString().isEmpty() && !Files.isDirectory(parent)) {
                    Files.createDirectory(parent);  // fails when what is above it, the staging directory included, is gone
                }
            }
            requireStaging(null);
        } catch (IOException e) {
            throw failure(e);
        }
        return path;
    }

    public void writeText(String relative, String text) {
        Path path = file(relative);
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw failure(e);
        }
    }

    /** {@code e}, as an {@link OutputLostException} when the staging directory is gone. */
    private UncheckedIOException failure(IOException e) {
        if (!Files.isDirectory(staging)) {
            return new OutputLostException(target, staging, stopping, e);
        }
        return new UncheckedIOException(e);
    }

    private void requireStaging(IOException cause) {
        if (!Files.isDirectory(staging)) {
            throw new OutputLostException(target, staging, stopping, cause);
        }
    }

    /**
     * Writes the marker, then moves the staging directory onto the target (moving a replaced directory aside
     * first, then deleting it).
     */
    public void commit() {
        requireStaging(null);
        OutputMarker.of(kind, staging).writeInto(staging);
        try {
            AtomicFiles.forceTree(staging);  // the files reach the disk before the rename that publishes them
            // the staging directory was made private (0700); the result gets what a plain mkdir would (the umask)
            StagingDirectories.givePermissionsOfANewDirectory(staging);
            Path old = null;
            if (replaces && Files.isDirectory(target)) {
                old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".replaced-");
                Files.delete(old);
                Files.move(target, old);
            } else if (Files.isDirectory(target)) {
                Files.delete(target);
            }
            try {
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(staging, target);
                }
            } catch (IOException moveFailed) {
                if (old != null) {  // the replaced directory goes back: it is deleted only once the new one is in place
                    Files.move(old, target);
                }
                throw moveFailed;
            }
            committed = true;
            AtomicFiles.forceDirectory(target.getParent());
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            if (!committed && !Files.isDirectory(staging)) {
                throw new OutputLostException(target, staging, stopping, e);
            }
            throw new UncheckedIOException("cannot move " + staging + " to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the staging directory unless {@link #commit()} succeeded, and releases the target. When the staging
     * directory vanished before the commit, says so with an {@link OutputLostException} (suppressed by the failure
     * that ended the work, in a try-with-resources).
     */
    @Override
    public void close() {
        if (closed) {
            return;  // released already: a second release could remove a lock file another process holds by now
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupOnSignal);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) already
        }
        try {
            if (!committed && Files.exists(staging)) {
                deleteTree(staging);
            } else if (!committed) {
                throw new OutputLostException(target, staging, stopping, null);
            }
        } finally {
            lock.release();
        }
    }

    /** On SIGINT or SIGTERM before the commit: the unfinished output goes, and the user is told so in one line. */
    private void removeStagingOnShutdown() {
        if (committed || !Files.exists(staging)) {
            return;
        }
        stopping = true;
        try {
            deleteTree(staging);
            System.err.println("errorprop: stopped before finishing; removed the unfinished output for " + target
                    + whenStopped);
        } catch (UncheckedIOException e) {
            System.err.println("errorprop: stopped before finishing; could not remove " + staging + ": "
                    + e.getMessage());
        } finally {
            lock.release();
        }
    }

    static void deleteTree(Path root) {
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
