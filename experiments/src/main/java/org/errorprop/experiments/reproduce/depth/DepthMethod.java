package org.errorprop.experiments.reproduce.depth;

import java.util.List;
import org.errorprop.framework.signal.Method;
import org.errorprop.methods.SgPlacement;
import org.errorprop.methods.SynthesizerKind;
import org.errorprop.methods.backprop.Backprop;
import org.errorprop.methods.synthetic.SyntheticGradientOptions;
import org.errorprop.methods.synthetic.SyntheticGradients;

/**
 * The three training rules the depth experiments compare. The synthesizers are the paper's: linear,
 * zero-initialised and label-conditioned ({@code csg} with {@link SynthesizerKind#LINEAR}).
 */
public enum DepthMethod {
    /** Exact gradients everywhere. */
    BACKPROP("backprop", "backprop"),
    /** One synthesizer at {@link MiddleBoundary}; backprop at every other boundary. */
    SINGLE_SG("single SG", "single-sg"),
    /** A synthesizer at every hidden boundary, the paper's "SG*". */
    SG_EVERYWHERE("SG*", "sg-everywhere");

    private final String label;
    private final String fileLabel;

    DepthMethod(String label, String fileLabel) {
        this.label = label;
        this.fileLabel = fileLabel;
    }

    /** The name in legends and tables. */
    public String label() {
        return label;
    }

    /** The name in CSV cells and file names. */
    public String fileLabel() {
        return fileLabel;
    }

    /** A fresh rule for a network of {@code hiddenLayers} hidden layers. */
    public Method create(int hiddenLayers) {
        SyntheticGradientOptions linear = SyntheticGradientOptions.DEFAULTS.withSynthesizer(SynthesizerKind.LINEAR);
        return switch (this) {
            case BACKPROP -> new Backprop();
            case SINGLE_SG -> SyntheticGradients.conditioned(
                    linear.withPlacement(SgPlacement.at(List.of(MiddleBoundary.of(hiddenLayers)))));
            case SG_EVERYWHERE -> SyntheticGradients.conditioned(linear.withPlacement(SgPlacement.ALL));
        };
    }
}
