package org.errorprop.experiments.reproduce.depth;

/**
 * Where "a single SG in the middle of the hidden stack" sits for a network of {@code h} hidden layers:
 * boundary {@code floor(h/2) + 1}, between hidden layers {@code floor(h/2) + 1} and {@code floor(h/2) + 2}
 * (the boundary {@code h} is the one below the output layer).
 *
 * <p>The paper states only the 20-layer case, "between layers 11 and 12", i.e. boundary 11; this rule
 * reproduces it and gives 2 for 3 layers, 3 for 5, 6 for 10 and 26 for 50, so at every depth at
 * least one hidden layer lies above the synthesizer and more than one below it once {@code h >= 3}.
 */
public final class MiddleBoundary {
    private MiddleBoundary() {
    }

    /** The boundary carrying the single synthesizer in a network of {@code hiddenLayers} hidden layers. */
    public static int of(int hiddenLayers) {
        if (hiddenLayers < 1) {
            throw new IllegalArgumentException("a network needs at least one hidden layer, got " + hiddenLayers);
        }
        return hiddenLayers / 2 + 1;
    }
}
