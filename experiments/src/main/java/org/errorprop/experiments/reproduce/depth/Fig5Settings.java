package org.errorprop.experiments.reproduce.depth;

import org.errorprop.experiments.reproduce.Scale;
import org.errorprop.experiments.reproduce.StudiedMethod;

/**
 * What Figure 5's reproduction runs at one scale (ReLU networks, as the paper's Figure 5).
 *
 * @param depth        hidden layers
 * @param width        units per hidden layer
 * @param learningRate Adam's rate for network and synthesizers of backprop and the single SG
 * @param sgEverywhere Adam's rates for SG everywhere (the paper: the same single rate; ADR-0011)
 * @param l2           the "small L2 weight penalty" on the network's weights
 * @param batchSize    examples per step
 * @param epochs       passes over the training split
 * @param workers      runs trained at once (threads); the numbers do not depend on it
 */
public record Fig5Settings(int depth, int width, double learningRate, RunRates sgEverywhere, double l2,
                           int batchSize, int epochs, int workers) {

    public static Fig5Settings forScale(Scale scale) {
        return switch (scale) {
            case SMOKE -> new Fig5Settings(5, 8, 1e-3, RunRates.shared(1e-3), 1e-4, 512, 1, 1);
            case QUICK -> new Fig5Settings(20, 128, 3e-4, new RunRates(1e-4, 1e-3), 1e-4, 64, 20, 2);
            case FULL -> new Fig5Settings(20, 512, 3e-5, RunRates.shared(3e-5), 1e-4, 64, 100, 2);
        };
    }

    /** The rates {@code method} trains at. */
    public RunRates rates(StudiedMethod method) {
        return method == StudiedMethod.SG_EVERYWHERE ? sgEverywhere : RunRates.shared(learningRate);
    }
}
