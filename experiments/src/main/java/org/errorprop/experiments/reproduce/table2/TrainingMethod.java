package org.errorprop.experiments.reproduce.table2;

import java.util.Locale;
import org.errorprop.framework.signal.Method;
import org.errorprop.methods.SgPlacement;
import org.errorprop.methods.SynthesizerKind;
import org.errorprop.methods.backprop.Backprop;
import org.errorprop.methods.synthetic.SyntheticGradientOptions;
import org.errorprop.methods.synthetic.SyntheticGradients;

/** How the model receives its output gradient: the true one, or the linear synthesizer's prediction of it. */
public enum TrainingMethod {
    BACKPROP,
    SYNTHETIC_GRADIENT;

    /**
     * The rule: backprop, or the label-conditioned linear synthesizer {@code ĝ = pA + yB + C}, zero at the
     * start, at the output boundary only (Theorem 1; on a deep model every hidden boundary is on backprop).
     */
    public Method method() {
        return this == BACKPROP ? new Backprop()
                : SyntheticGradients.conditioned(SyntheticGradientOptions.DEFAULTS.withSynthesizer(SynthesizerKind.LINEAR)
                        .withPlacement(SgPlacement.OUTPUT));
    }

    public String label() {
        return this == BACKPROP ? "backprop" : "sg";
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
