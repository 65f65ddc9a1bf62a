package org.errorprop.framework.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.errorprop.framework.InvalidInputException;

/**
 * The three artificial labelings of Czarnecki et al. (2017), §4 and Supp. C (PAPER.md §4.1).
 *
 * <p>All three share the points X ~ N(0, I_k). {@link #LINEAR} labels each point by the side of a
 * random origin-crossing hyperplane; {@link #NOISY} starts from those labels and flips exactly
 * round(0.1 n) of them; {@link #RANDOM} draws every label uniformly. The names used on the command
 * line and in reports are {@code linear}, {@code noisy} and {@code random}, with the dimension
 * appended as in {@code linear_2} or {@code noisy_100}.
 */
public enum ArtificialKind {
    LINEAR,
    NOISY,
    RANDOM;

    /** The lower-case name: {@code linear}, {@code noisy} or {@code random}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The data-set name for dimension {@code k}, such as {@code linear_2}. */
    public String label(int k) {
        return label() + "_" + k;
    }

    /** The kind named {@code name} (case-insensitive); an unknown name is the user's mistake. */
    public static ArtificialKind fromLabel(String name) {
        for (ArtificialKind kind : values()) {
            if (kind.label().equalsIgnoreCase(name.trim())) {
                return kind;
            }
        }
        throw new InvalidInputException("unknown artificial data set kind '" + name + "'; expected one of "
                + Arrays.stream(values()).map(ArtificialKind::label).collect(Collectors.joining(", ")));
    }
}
