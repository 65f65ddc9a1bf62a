package org.errorprop.framework.data;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.random.RandomStreams;

/**
 * Which artificial data set: kind, dimension k and number of points n.
 *
 * <p>Text form: {@code KIND_K} or {@code KINDK}, where KIND is {@code linear}, {@code noisy} or
 * {@code random} (case-insensitive) and K a positive integer, e.g. {@code linear_2}, {@code noisy100}
 * (the paper's Table 2 writes the latter). Parsing gives the paper's number of points for K = 2 or
 * K = 100 ({@link ArtificialDataSets#paperSize}); use {@link #withPoints} for another n.
 *
 * @param kind the labelling rule
 * @param k    input dimension, at least 1
 * @param n    number of points, at least 1
 */
public record ArtificialSpec(ArtificialKind kind, int k, int n) {
    private static final Pattern NAME = Pattern.compile("([A-Za-z]+)_?([0-9]{1,9})");

    public ArtificialSpec {
        if (k < 1) {
            throw new InvalidInputException("artificial data set " + kind.label(k) + ": dimension k must be at"
                    + " least 1, was " + k);
        }
        if (n < 1) {
            throw new InvalidInputException("artificial data set " + kind.label(k) + ": number of points must be"
                    + " at least 1, was " + n);
        }
    }

    /** Parses {@code linear_2}, {@code noisy100} and the like, with the paper's number of points. */
    public static ArtificialSpec parse(String text) {
        Matcher m = NAME.matcher(text.trim());
        if (!m.matches()) {
            throw new InvalidInputException("cannot read artificial data set '" + text + "'; expected KIND_K such"
                    + " as linear_2, noisy_100 or random_2");
        }
        ArtificialKind kind = ArtificialKind.fromLabel(m.group(1));
        int k = Integer.parseInt(m.group(2));
        return new ArtificialSpec(kind, k, ArtificialDataSets.paperSize(k));
    }

    /** The same kind and dimension with n points. */
    public ArtificialSpec withPoints(int points) {
        return new ArtificialSpec(kind, k, points);
    }

    /** The canonical name, such as {@code linear_2}. */
    public String name() {
        return kind.label(k);
    }

    /** Generates the data set; see {@link ArtificialDataSets} for the rules and stream names. */
    public Dataset generate(RandomStreams streams) {
        return ArtificialDataSets.generate(kind, k, n, streams);
    }
}
