package org.errorprop.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.errorprop.framework.InvalidInputException;

/**
 * The file {@value #NAME} that errorprop writes into every output directory it commits: the kind of output, the
 * command that wrote it, and every file it wrote. A directory is replaced only when its marker names the same
 * kind and it holds nothing that the marker does not list, so a replacement never deletes a file of the user's.
 *
 * @param kind  what the directory holds
 * @param files the files written, relative, with {@code /} separators
 */
record OutputMarker(OutputKind kind, Set<String> files) {
    static final String NAME = ".errorprop-output";
    private static final String HEADER = "# written by errorprop; `--replace` replaces this directory only while it holds "
            + "no file but these";

    /** The marker for the files now under {@code root}. */
    static OutputMarker of(OutputKind kind, Path root) {
        return new OutputMarker(kind, filesUnder(root));
    }

    void writeInto(Path root) {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        text.append("command: ").append(kind.command()).append('\n');
        text.append("kind: ").append(kind.label()).append('\n');
        text.append("files:\n");
        for (String file : files) {
            text.append("  - ").append(file).append('\n');
        }
        try {
            Files.writeString(root.resolve(NAME), text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks that {@code directory} may be replaced by output of {@code kind}: it has a marker of that kind and
     * holds only files the marker lists (and the directories above them). Throws a user's mistake naming the first
     * reason otherwise; touches nothing.
     */
    static void requireReplaceable(Path directory, Path shown, OutputKind kind) {
        Path markerFile = directory.resolve(NAME);
        if (!Files.isRegularFile(markerFile)) {
            throw new InvalidInputException("output directory " + shown + " was not written by errorprop (it has no "
                    + NAME + "); refusing to replace it");
        }
        OutputMarker marker = read(markerFile, shown);
        if (marker.kind() != kind) {
            throw new InvalidInputException("output directory " + shown + " holds a " + marker.kind().label()
                    + " written by 'errorprop " + marker.kind().command() + "', not a " + kind.label()
                    + "; refusing to replace it");
        }
        Set<String> allowedDirectories = new TreeSet<>();
        for (String file : marker.files()) {
            for (int slash = file.indexOf('/'); slash >= 0; slash = file.indexOf('/', slash + 1)) {
                allowedDirectories.add(file.substring(0, slash));
            }
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) walk.sorted()::iterator) {
                if (path.equals(directory) || path.equals(markerFile)) {
                    continue;
                }
                String relative = relative(directory, path);
                boolean listed = Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        ? allowedDirectories.contains(relative) : marker.files().contains(relative);
                if (!listed) {
                    throw new InvalidInputException("output directory " + shown + " holds " + relative
                            + ", which errorprop did not write there; refusing to replace it");
                }
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot read output directory " + shown + ": " + e.getMessage(), e);
        }
    }

    /** The kind of output errorprop committed in {@code directory}, or empty when it has no marker of a known kind. */
    static java.util.Optional<OutputKind> kindOf(Path directory) {
        Path markerFile = directory.resolve(NAME);
        if (!Files.isRegularFile(markerFile)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(read(markerFile, directory).kind());
        } catch (InvalidInputException damaged) {
            return java.util.Optional.empty();
        }
    }

    static OutputMarker read(Path markerFile, Path shown) {
        List<String> lines;
        try {
            lines = Files.readAllLines(markerFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + markerFile + ": " + e.getMessage(), e);
        }
        OutputKind kind = null;
        Set<String> files = new TreeSet<>();
        for (String line : lines) {
            if (line.startsWith("kind: ")) {
                kind = OutputKind.ofLabel(line.substring("kind: ".length()).strip());
            } else if (line.startsWith("  - ")) {
                files.add(line.substring(4));
            }
        }
        if (kind == null) {
            throw new InvalidInputException("output directory " + shown + " has a damaged " + NAME
                    + " (no known kind); refusing to replace it");
        }
        return new OutputMarker(kind, files);
    }

    private static Set<String> filesUnder(Path root) {
        List<String> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(Files::isRegularFile).forEach(path -> files.add(relative(root, path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.remove(NAME);
        return new TreeSet<>(files);
    }

    private static String relative(Path root, Path path) {
        return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
    }
}
