package org.errorprop.experiments.reproduce.depth;

import java.util.List;
import org.errorprop.experiments.reproduce.Scale;
import org.errorprop.framework.network.Activation;

/**
 * What Figure 4's reproduction runs at one scale.
 *
 * @param depths       numbers of hidden layers
 * @param activations  hidden non-linearities
 * @param width        units per hidden layer
 * @param learningRate Adam's rate for network and synthesizer
 * @param batchSize    examples per step
 * @param epochs       passes over the training split
 * @param lossWindow   steps per point of the training-loss curve
 * @param workers      runs trained at once (threads); the numbers do not depend on it
 * @param seeds        independent pairs of runs per configuration, each seed from weights of its own
 */
public record Fig4Settings(List<Integer> depths, List<Activation> activations, int width, double learningRate,
                           int batchSize, int epochs, int lossWindow, int workers, int seeds) {

    public Fig4Settings {
        depths = List.copyOf(depths);
        activations = List.copyOf(activations);
        if (seeds < 2) {
            throw new IllegalArgumentException("a mean ± sd needs at least 2 seeds, got " + seeds);
        }
    }

    public static Fig4Settings forScale(Scale scale) {
        List<Activation> both = List.of(Activation.RELU, Activation.SIGMOID);
        return switch (scale) {
            case SMOKE -> new Fig4Settings(List.of(2, 3), both, 8, 1e-3, 512, 1, 4, 1, 3);
            case QUICK -> new Fig4Settings(List.of(3, 10, 20), both, 128, 3e-4, 64, 16, 50, 2, 3);
            // paper-like: Adam 3e-4 for 5 epochs instead of 3e-5 for 100 (LearningCurvesOverDepth.FULL_REASON)
            case FULL -> new Fig4Settings(List.of(3, 5, 10, 20, 50), both, 512, 3e-4, 64, 5, 100, 2, 3);
        };
    }
}
