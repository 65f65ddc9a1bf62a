package org.errorprop.experiments.reproduce.depth;

import java.util.Collections;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;

/**
 * The paper's MNIST network (Supp. C): {@code depth} hidden layers of {@code width} units, each linear
 * map followed by BatchNorm and the non-linearity, then a linear 10-way softmax layer.
 *
 * <p>Linear maps have no bias (BatchNorm's shift makes one redundant) and the output layer has no
 * BatchNorm (the paper puts BatchNorm after the hidden layers only). Weights are drawn
 * {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}, so every hidden layer starts with the same expected squared
 * norm {@code width/3} whatever its fan-in, which keeps Figure 5's profile flat at initialisation.
 */
public record DepthNetwork(int depth, int width, Activation activation) implements java.io.Serializable {

    public DepthNetwork {
        if (depth < 1 || width < 1) {
            throw new IllegalArgumentException("depth and width must be positive, got " + depth + " and " + width);
        }
    }

    public Architecture architecture(int inputWidth, int classes) {
        return new Architecture(inputWidth, Collections.nCopies(depth, width), classes, activation, false, true,
                false, Initializer.UNIFORM_FAN_IN);
    }

    /** For file names and legends: {@code relu-20}. */
    public String label() {
        return activation.name().toLowerCase(java.util.Locale.ROOT) + "-" + depth;
    }
}
