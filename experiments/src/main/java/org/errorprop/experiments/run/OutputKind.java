package org.errorprop.experiments.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What an {@link OutputDirectory} holds, and the command that writes it: recorded in the directory's marker, so
 * that {@code --replace} only ever replaces output of its own kind.
 */
public enum OutputKind {
    RUN("train"),
    COMPARISON("compare"),
    VERIFICATION("verify"),
    REPRODUCTION("reproduce"),
    SWEEP("sweep"),
    SWEEP_SUMMARY("sweep merge"),
    BENCH("bench --schedule pipelined");

    private final String command;

    OutputKind(String command) {
        this.command = command;
    }

    /** The {@code errorprop} command that writes this kind of output. */
    public String command() {
        return command;
    }

    /** The name in a marker, e.g. {@code reproduction}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The kind of output whose marker {@code directory} holds, or null when it holds no marker; a damaged marker is
     * a user's mistake naming {@code shown}.
     */
    public static OutputKind writtenIn(Path directory, Path shown) {
        Path marker = directory.resolve(OutputMarker.NAME);
        return Files.isRegularFile(marker) ? OutputMarker.read(marker, shown).kind() : null;
    }

    /** The kind a marker names, or null for a name no errorprop writes. */
    static OutputKind ofLabel(String label) {
        for (OutputKind kind : values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        return null;
    }
}
