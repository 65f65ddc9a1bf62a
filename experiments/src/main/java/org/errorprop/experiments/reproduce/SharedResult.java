package org.errorprop.experiments.reproduce;

/**
 * A typed key for work that several experiments use (for example the 20-layer networks behind both
 * Figure 3 and Supplementary Figure 8), so that {@code reproduce all} computes it once.
 *
 * @param name  what the work is, for messages
 * @param type  the type of its result
 * @param <T>   the result type
 */
public record SharedResult<T>(String name, Class<T> type) {
}
