package org.errorprop.methods;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.errorprop.framework.InvalidInputException;

/**
 * Which boundaries carry a synthesizer: the last hidden one (the default), all hidden ones, a list, or
 * the output boundary alone (Theorem 1's setting, {@code ∂L/∂p} synthesized; ADR-0008). Boundary
 * {@code k} sits between layer {@code k} and layer {@code k+1}; "between layers 11 and 12" is boundary 11.
 */
public record SgPlacement(Mode mode, List<Integer> boundaries) {
    public enum Mode { LAST_HIDDEN, ALL, LISTED, OUTPUT }

    public static final SgPlacement LAST_HIDDEN = new SgPlacement(Mode.LAST_HIDDEN, List.of());
    public static final SgPlacement ALL = new SgPlacement(Mode.ALL, List.of());
    public static final SgPlacement OUTPUT = new SgPlacement(Mode.OUTPUT, List.of());

    public SgPlacement {
        boundaries = List.copyOf(new TreeSet<>(boundaries));
        if (mode == Mode.LISTED && boundaries.isEmpty()) {
            throw new InvalidInputException("--sg-at needs at least one boundary");
        }
    }

    public static SgPlacement at(List<Integer> boundaries) {
        return new SgPlacement(Mode.LISTED, boundaries);
    }

    /** {@code last}, {@code all}, {@code output} or a comma-separated list such as {@code 1,2}. */
    public static SgPlacement parse(String text) {
        String trimmed = text.strip();
        if (trimmed.equals("last")) {
            return LAST_HIDDEN;
        }
        if (trimmed.equals("all")) {
            return ALL;
        }
        if (trimmed.equals("output")) {
            return OUTPUT;
        }
        List<Integer> list = new ArrayList<>();
        for (String part : trimmed.split(",")) {
            try {
                list.add(Integer.parseInt(part.strip()));
            } catch (NumberFormatException e) {
                throw new InvalidInputException("--sg-at takes 'last', 'all', 'output' or boundaries such as 1,2; got '" + text + "'");
            }
        }
        return at(list);
    }

    /** The text {@link #parse} reads back. */
    public String text() {
        return switch (mode) {
            case LAST_HIDDEN -> "last";
            case ALL -> "all";
            case OUTPUT -> "output";
            case LISTED -> String.join(",", boundaries.stream().map(String::valueOf).toList());
        };
    }

    /** Whether hidden boundary {@code k} of a network with {@code count} of them carries a synthesizer. */
    public boolean includes(int k, int count) {
        for (int b : boundaries) {
            if (b < 1 || b > count) {
                throw new InvalidInputException("--sg-at " + b + " is not a hidden boundary; this network has boundaries 1.."
                        + count);
            }
        }
        return switch (mode) {
            case LAST_HIDDEN -> k == count;
            case ALL -> true;
            case LISTED -> boundaries.contains(k);
            case OUTPUT -> false;
        };
    }

    /** Whether the output boundary carries a synthesizer. */
    public boolean includesOutput() {
        return mode == Mode.OUTPUT;
    }
}
