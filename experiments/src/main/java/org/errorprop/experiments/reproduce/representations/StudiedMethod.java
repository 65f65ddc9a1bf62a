package org.errorprop.experiments.reproduce.representations;

import java.util.List;
import java.util.stream.IntStream;
import org.errorprop.framework.signal.Method;
import org.errorprop.methods.SgPlacement;
import org.errorprop.methods.SynthesizerKind;
import org.errorprop.methods.backprop.Backprop;
import org.errorprop.methods.feedback.DirectFeedbackAlignment;
import org.errorprop.methods.feedback.FeedbackOptions;
import org.errorprop.methods.synthetic.SyntheticGradientOptions;
import org.errorprop.methods.synthetic.SyntheticGradients;

/**
 * The four ways of training the deep networks of Figure 3 and Supp. Figs. 7 and 8. The paper's SGs
 * are linear, zero-initialised and label-conditioned, so both SG rows use {@code csg} with a linear
 * synthesizer.
 */
public enum StudiedMethod {
    BACKPROP("backprop"),
    SINGLE_SG("single SG"),
    SG_EVERYWHERE("SG everywhere"),
    DFA("DFA");

    private final String label;

    StudiedMethod(String label) {
        this.label = label;
    }

    /** The name in plots and tables. */
    public String label() {
        return label;
    }

    /** A fresh rule; only the SG rows read the settings. */
    public Method create(RepresentationSettings settings) {
        SyntheticGradientOptions linear = SyntheticGradientOptions.DEFAULTS.withSynthesizer(SynthesizerKind.LINEAR);
        return switch (this) {
            case BACKPROP -> new Backprop();
            case SINGLE_SG -> SyntheticGradients.conditioned(
                    linear.withPlacement(SgPlacement.at(List.of(settings.sgBoundary()))));
            case SG_EVERYWHERE -> SyntheticGradients.conditioned(linear.withPlacement(SgPlacement.ALL));
            case DFA -> new DirectFeedbackAlignment(FeedbackOptions.DEFAULTS);
        };
    }

    /** The hidden boundaries that carry a synthesizer, for the dotted lines of the plots. */
    public List<Integer> sgBoundaries(RepresentationSettings settings) {
        return switch (this) {
            case SINGLE_SG -> List.of(settings.sgBoundary());
            case SG_EVERYWHERE -> IntStream.range(1, settings.hiddenLayers()).boxed().toList();
            case BACKPROP, DFA -> List.of();
        };
    }
}
