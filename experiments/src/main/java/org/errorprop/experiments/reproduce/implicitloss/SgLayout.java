package org.errorprop.experiments.reproduce.implicitloss;

import java.util.List;
import java.util.stream.IntStream;
import org.errorprop.methods.SgPlacement;

/** The two columns of each Figure 2 panel: one synthesizer, or one between every two layers. */
public enum SgLayout {
    SINGLE("single SG"),
    EVERY("SG everywhere");

    private final String label;

    SgLayout(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The boundaries carrying a synthesizer, ascending. */
    public List<Integer> boundaries(ImplicitLossSettings settings) {
        return this == SINGLE ? List.of(settings.singleSgBoundary())
                : IntStream.rangeClosed(1, settings.hiddenLayers()).boxed().toList();
    }

    public SgPlacement placement(ImplicitLossSettings settings) {
        return SgPlacement.at(boundaries(settings));
    }
}
