package org.errorprop.proofs;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * One formal statement of the paper as a numerical experiment.
 *
 * <p>Implementations are stateless: {@link #check} depends only on its recipe (which carries its own
 * seed), so a verdict can be replayed from its recipe. {@link #randomRecipe} draws a recipe inside the
 * statement's hypotheses; the sweep of {@code errorprop verify} and the property tests both use it.
 *
 * @param <R> the recipe: a record of sizes, seed, conditioning, learning rates
 */
public interface Check<R> {

    /** A short stable id, lower-kebab, e.g. {@code "theorem-1"}. */
    String id();

    /** Where the statement is in the paper, e.g. {@code "Theorem 1 (§4, Supp. B)"}. */
    String paperReference();

    /** The statement in our own words, with its conditions. */
    String statement();

    /** A recipe inside the hypotheses, drawn from {@code random}. */
    R randomRecipe(RandomGenerator random);

    /** Runs the experiment. */
    Verdict check(R recipe);
}
