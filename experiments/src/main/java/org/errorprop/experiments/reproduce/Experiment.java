package org.errorprop.experiments.reproduce;

/**
 * One of the paper's tables or figures, reproducible with {@code errorprop reproduce <name>}. An
 * experiment reads its settings from {@link ReproductionContext#scale()}, draws every random number
 * from streams seeded by {@link ReproductionContext#seed()}, writes its CSVs and plots under
 * {@code <name>/} through {@link ReproductionContext#file}, and returns its claims and Markdown.
 */
public interface Experiment {

    /** The command-line name: {@code table2}, {@code fig3}, ... */
    String name();

    /** A heading: what the paper's table or figure shows. */
    String title();

    ExperimentReport run(ReproductionContext context);

    /** Whether it reads the MNIST-format data ({@code --data}); those that make their own data say no. */
    default boolean readsData() {
        return true;
    }

    /** Whether it draws random numbers, so that {@code --seed} changes it; a deterministic one says no. */
    default boolean readsSeed() {
        return true;
    }
}
