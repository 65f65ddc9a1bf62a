package org.errorprop.experiments.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.errorprop.experiments.run.OutputDirectory;
import org.errorprop.framework.InvalidInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * How a finished cell's run ended, as its run directory's {@value #FILE} says ({@code status: complete} or
 * {@code status: diverged}); a run directory without the file is complete (run directories written before it
 * existed).
 */
public enum CellStatus {
    COMPLETE,
    DIVERGED;

    public static final String FILE = "status.yaml";

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Writes {@value #FILE} into {@code directory} unless the run's own files wrote one. */
    public void writeIfAbsent(OutputDirectory directory, String message) {
        if (Files.exists(directory.file(FILE))) {
            return;
        }
        directory.writeText(FILE, "# errorprop run status\nstatus: " + label() + "\n"
                + (message == null ? "" : "message: '" + message.replace("'", "''").replace('\n', ' ') + "'\n"));
    }

    /** The status recorded in the run directory {@code run}. */
    public static CellStatus of(Path run) {
        Path file = run.resolve(FILE);
        if (!Files.exists(file)) {
            return COMPLETE;
        }
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | YAMLException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage().replace('\n', ' '), e);
        }
        Object status = loaded instanceof Map<?, ?> map ? map.get("status") : null;
        for (CellStatus candidate : values()) {
            if (candidate.label().equals(status)) {
                return candidate;
            }
        }
        throw new InvalidInputException(file + " says status '" + status + "'; expected complete or diverged");
    }
}
