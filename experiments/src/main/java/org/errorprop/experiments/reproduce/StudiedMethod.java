package org.errorprop.experiments.reproduce;

import java.util.List;
import org.errorprop.framework.signal.Method;
import org.errorprop.methods.SgPlacement;
import org.errorprop.methods.SynthesizerKind;
import org.errorprop.methods.backprop.Backprop;
import org.errorprop.methods.feedback.DirectFeedbackAlignment;
import org.errorprop.methods.feedback.FeedbackOptions;
import org.errorprop.methods.synthetic.SyntheticGradientOptions;
import org.errorprop.methods.synthetic.SyntheticGradients;

/**
 * The training rules the deep-network experiments compare (Figures 3, 4 and 5, Supp. Figs. 7 and 8),
 * with their settings. The paper's SGs are linear, zero-initialised and label-conditioned, so every SG
 * row is {@code csg} with {@link SynthesizerKind#LINEAR}.
 */
public enum StudiedMethod {
    /** Exact gradients everywhere. */
    BACKPROP("backprop", "backprop"),
    /** One synthesizer at a given hidden boundary; backprop at every other boundary. */
    SINGLE_SG("single SG", "single-sg"),
    /** A synthesizer at every hidden boundary, the paper's "SG*" in Figure 5. */
    SG_EVERYWHERE("SG everywhere", "sg-everywhere"),
    /** Direct feedback alignment. */
    DFA("DFA", "dfa");

    private final String label;
    private final String fileLabel;

    StudiedMethod(String label, String fileLabel) {
        this.label = label;
        this.fileLabel = fileLabel;
    }

    /** The name in plots and tables. */
    public String label() {
        return label;
    }

    /** A name without spaces, for file names and CSV cells. */
    public String fileLabel() {
        return fileLabel;
    }

    /** A fresh rule, with the single SG (if this is {@link #SINGLE_SG}) at boundary {@code singleSgBoundary}. */
    public Method create(int singleSgBoundary) {
        SyntheticGradientOptions linear = SyntheticGradientOptions.DEFAULTS.withSynthesizer(SynthesizerKind.LINEAR);
        return switch (this) {
            case BACKPROP -> new Backprop();
            case SINGLE_SG -> SyntheticGradients.conditioned(
                    linear.withPlacement(SgPlacement.at(List.of(singleSgBoundary))));
            case SG_EVERYWHERE -> SyntheticGradients.conditioned(linear.withPlacement(SgPlacement.ALL));
            case DFA -> new DirectFeedbackAlignment(FeedbackOptions.DEFAULTS);
        };
    }
}
