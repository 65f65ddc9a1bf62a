package org.errorprop.experiments.reproduce.depth;

import org.errorprop.experiments.reproduce.Scale;
import org.errorprop.experiments.reproduce.StudiedMethod;

/**
 * What Figure 5's reproduction runs at one scale (ReLU networks, as the paper's Figure 5).
 *
 * @param depth        hidden layers
 * @param width        units per hidden layer
 * @param learningRate Adam's rate for network and synthesizers of backprop and the single SG
 * @param sgEverywhereLearningRate the same for SG everywhere (the paper: one rate for all; ADR-0011)
 * @param l2           the "small L2 weight penalty" on the network's weights
 * @param batchSize    examples per step
 * @param epochs       passes over the training split
 * @param workers      runs trained at once (threads); the numbers do not depend on it
 * @param replicates   independent runs per method, each from its own initial weights and batch order
 */
public record Fig5Settings(int depth, int width, double learningRate, double sgEverywhereLearningRate, double l2,
                           int batchSize, int epochs, int workers, int replicates) {

    public Fig5Settings {
        if (replicates < 2) {
            throw new IllegalArgumentException("a mean ± sd needs at least 2 replicates, got " + replicates);
        }
    }

    public static Fig5Settings forScale(Scale scale) {
        return switch (scale) {
            case SMOKE -> new Fig5Settings(5, 8, 1e-3, 1e-3, 1e-4, 512, 1, 1, 3);
            case QUICK -> new Fig5Settings(20, 128, 3e-4, 1e-4, 1e-4, 64, 20, 2, 3);
            // paper-like: Adam 3e-4 for 6 epochs (WeightNormProfiles.FULL_REASON); SG everywhere at the paper's 3e-5
            // (at width 512, 1e-4 left it untrained: ADR-0011, changed after the full run at fd19e28)
            case FULL -> new Fig5Settings(20, 512, 3e-4, 3e-5, 1e-4, 64, 6, 2, 3);
        };
    }

    /** Adam's rate for {@code method}'s network and synthesizers. */
    public double learningRate(StudiedMethod method) {
        return method == StudiedMethod.SG_EVERYWHERE ? sgEverywhereLearningRate : learningRate;
    }
}
