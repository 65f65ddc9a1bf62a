package org.errorprop.proofs;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outcome of one check on one recipe.
 *
 * <p>{@code margin} says how close the check came to the other outcome, on a scale the check
 * documents, positive when the statement held: for a bound {@code value ≤ limit} it is typically
 * {@code (limit − value) / limit}; a check that asserts a failure (a spurious critical point, a
 * violated hypothesis) is positive when the failure was observed. {@code numbers} are the
 * quantities that justify the verdict, in a fixed order, for reports and counterexamples.
 *
 * @param holds    whether the statement (or the expected failure) was observed
 * @param margin   how far from the other outcome; positive iff {@code holds}
 * @param recipe   the recipe, as text, so a failure can be replayed
 * @param numbers  named quantities behind the verdict
 */
public record Verdict(boolean holds, double margin, String recipe, Map<String, Double> numbers) {

    public Verdict {
        if (Double.isNaN(margin)) {
            throw new IllegalArgumentException("a verdict's margin must be a number (recipe " + recipe + ")");
        }
        if (holds != (margin > 0)) {
            throw new IllegalArgumentException("holds = " + holds + " but margin = " + margin + " (recipe " + recipe
                    + "): the margin is positive exactly when the statement holds");
        }
        numbers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(numbers));
    }

    /** A verdict whose outcome is {@code margin > 0}. */
    public static Verdict byMargin(double margin, Object recipe, Map<String, Double> numbers) {
        return new Verdict(margin > 0, margin, String.valueOf(recipe), numbers);
    }

    /** Margin of {@code value ≤ limit}, relative to {@code limit} ({@code limit > 0}). */
    public static double belowMargin(double value, double limit) {
        return (limit - value) / limit;
    }

    /** Margin of {@code value ≥ limit}, relative to {@code limit} ({@code limit > 0}). */
    public static double aboveMargin(double value, double limit) {
        return (value - limit) / limit;
    }
}
