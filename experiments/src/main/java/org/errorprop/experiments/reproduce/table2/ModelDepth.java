package org.errorprop.experiments.reproduce.table2;

import java.util.Collections;
import java.util.Locale;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;

/** Table 2's two model shapes: one linear map, or a chain through ten hidden linear layers. */
public enum ModelDepth {
    /** Linear or logistic regression: one affine map from the inputs to the two outputs. */
    SHALLOW(0),
    /** The paper's "10-hidden-layer deep linear" model: eleven affine maps, no non-linearity. */
    DEEP(10);

    private final int hiddenLayers;

    ModelDepth(int hiddenLayers) {
        this.hiddenLayers = hiddenLayers;
    }

    public int hiddenLayers() {
        return hiddenLayers;
    }

    /**
     * The model as a network of affine maps with biases, no non-linearity and no BatchNorm: end to end one
     * affine map, so its best loss is the shallow model's. A shallow model starts at zero (the convex
     * problem's usual start, as in the proofs-check of Theorem 1); a deep one semi-orthogonal (Saxe et al.
     * 2014's choice for deep linear networks: with a Gaussian start the scale of an eleven-fold product of
     * narrow matrices varies by orders of magnitude between data sets). Biases start at zero.
     */
    public Architecture architecture(int inputs, int hiddenWidth, int outputs) {
        return new Architecture(inputs, Collections.nCopies(hiddenLayers, hiddenWidth), outputs, Activation.IDENTITY,
                true, false, false, hiddenLayers == 0 ? Initializer.ZERO : Initializer.SEMI_ORTHOGONAL);
    }

    /** {@code shallow} or {@code deep}, as Table 2's "model" column. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
