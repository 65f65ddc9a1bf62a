package org.errorprop.experiments.sweep;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.errorprop.experiments.run.OutputDirectory;
import org.errorprop.experiments.run.OutputKind;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.methods.MethodCatalog;

/**
 * A sweep's directory: its marker (kind {@code sweep}), the copy {@value SweepSpec#FILE} of the sweep spec, and one
 * run directory per finished cell, {@code cells/<id>/}, each committed whole by its own {@link OutputDirectory} (so
 * a cell directory that exists is finished; a killed cell leaves only a staging directory, which the next run on
 * that cell removes). A failed cell leaves {@code failed/<id>.log} (its error and stack trace) until it completes.
 * Several processes may share one directory (the shards of one sweep on a shared file system): each cell is locked
 * while it runs.
 */
public final class SweepDirectory {
    static final String CELLS = "cells";
    static final String FAILED = "failed";
    private static final int CREATE_ATTEMPTS = 100;
    private static final long CREATE_RETRY_MILLIS = 50;

    private final Path root;
    private final Path shown;
    private final SweepSpec spec;
    private final List<SweepCell> cells;

    private SweepDirectory(Path root, Path shown, SweepSpec spec, List<SweepCell> cells) {
        this.root = root;
        this.shown = shown;
        this.spec = spec;
        this.cells = cells;
    }

    /**
     * The directory of the sweep {@code spec} at {@code dir}: created (absent or empty), or reused when it holds the
     * same sweep (the same cells). Anything else is refused with one line, nothing touched.
     */
    public static SweepDirectory openOrCreate(Path dir, SweepSpec spec, List<SweepCell> cells, MethodCatalog catalog) {
        Path root = dir.toAbsolutePath().normalize();
        for (int attempt = 1; ; attempt++) {
            if (holdsSomething(root, dir)) {
                SweepDirectory existing = existing(dir, catalog);
                if (!ids(existing.cells).equals(ids(cells))) {
                    throw new InvalidInputException("output directory " + dir + " holds another sweep (its "
                            + SweepSpec.FILE + " gives other cells); rerun with that spec or choose another --out");
                }
                return new SweepDirectory(root, dir, existing.spec, cells);
            }
            try (OutputDirectory created = OutputDirectory.create(dir, OutputKind.SWEEP)) {
                if (holdsSomething(root, dir)) {
                    continue;  // another process created it between our check and our lock
                }
                created.writeText(SweepSpec.FILE, spec.text());
                created.commit();
                return new SweepDirectory(root, dir, spec, cells);
            } catch (InvalidInputException e) {
                if (holdsSomething(root, dir)) {
                    continue;  // created meanwhile (or never free): checked above
                }
                if (attempt >= CREATE_ATTEMPTS) {
                    throw e;
                }
                sleep();  // another process holds the lock while it creates the same directory
            }
        }
    }

    /** An existing sweep directory, as {@code sweep merge} reads it. */
    public static SweepDirectory existing(Path dir, MethodCatalog catalog) {
        Path root = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException("sweep directory " + dir + " does not exist");
        }
        OutputKind kind = OutputKind.writtenIn(root, dir);
        if (kind != OutputKind.SWEEP) {
            throw new InvalidInputException("directory " + dir + " is not a sweep directory ("
                    + (kind == null ? "errorprop did not write it" : "it holds a " + kind.label()
                    + " written by 'errorprop " + kind.command() + "'") + ")");
        }
        Path specCopy = root.resolve(SweepSpec.FILE);
        SweepSpec spec = SweepSpec.read(specCopy);
        return new SweepDirectory(root, dir, spec, SweepCells.resolve(catalog, spec, specCopy.toString()));
    }

    public Path root() {
        return root;
    }

    /** The directory as the user named it, for messages. */
    public Path shown() {
        return shown;
    }

    public SweepSpec spec() {
        return spec;
    }

    /** Every cell of the sweep, sorted by id. */
    public List<SweepCell> cells() {
        return cells;
    }

    /** Where cell {@code id}'s run directory goes. */
    public Path cell(String id) {
        return root.resolve(CELLS).resolve(id);
    }

    /** Whether cell {@code id} finished (complete or diverged): its directory was committed. */
    public boolean isFinished(String id) {
        Path cell = cell(id);
        return Files.isDirectory(cell) && OutputKind.writtenIn(cell, cell) != null;
    }

    /** The ids of the finished cells found under {@code cells/}, whatever the sweep says, sorted. */
    public List<String> finishedCells() {
        Path cellsDir = root.resolve(CELLS);
        if (!Files.isDirectory(cellsDir)) {
            return List.of();
        }
        List<String> ids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(cellsDir)) {
            entries.map(path -> path.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .filter(this::isFinished)
                    .sorted()
                    .forEach(ids::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + cellsDir, e);
        }
        return ids;
    }

    /** Keeps why cell {@code id} failed in {@code failed/<id>.log}, for the user (never on the terminal). */
    Path recordFailure(String id, Throwable failure) {
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        Path log = root.resolve(FAILED).resolve(id + ".log");
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "cell " + id + " failed:\n" + trace, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
        return log;
    }

    /** Removes cell {@code id}'s failure log, once it has finished. */
    void clearFailure(String id) {
        try {
            Files.deleteIfExists(root.resolve(FAILED).resolve(id + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> ids(List<SweepCell> cells) {
        return cells.stream().map(SweepCell::id).toList();
    }

    private static boolean holdsSomething(Path root, Path shown) {
        if (!Files.exists(root)) {
            return false;
        }
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException("output " + shown + " exists and is not a directory");
        }
        try (Stream<Path> entries = Files.list(root)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            throw new InvalidInputException("cannot read output directory " + shown + ": " + e.getMessage(), e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(CREATE_RETRY_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for another process to create the sweep "
                    + "directory", e);
        }
    }
}
