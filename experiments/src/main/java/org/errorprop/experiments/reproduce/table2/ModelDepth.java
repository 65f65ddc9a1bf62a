package org.errorprop.experiments.reproduce.table2;

import java.util.Locale;

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

    /** {@code shallow} or {@code deep}, as Table 2's "model" column. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
