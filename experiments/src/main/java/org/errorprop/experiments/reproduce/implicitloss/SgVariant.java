package org.errorprop.experiments.reproduce.implicitloss;

import org.errorprop.methods.SynthesizerKind;
import org.errorprop.methods.synthetic.SyntheticGradients;

/**
 * What the linear synthesizer reads: activation and label (Figure 2), activation only, or label only
 * (Supp. Fig. 9 a–d and e–h).
 */
public enum SgVariant {
    /** {@code SG(h, y) = hA + yB + C}: {@code csg} with the linear form. */
    FULL("SG(h, y)", "full", SyntheticGradients.CSG, SynthesizerKind.LINEAR),
    /** {@code SG(h) = hA + C}: unconditioned {@code sg} with the linear form. */
    NO_LABEL("SG(h)", "no-label", SyntheticGradients.SG, SynthesizerKind.LINEAR),
    /** {@code SG(y) = yB + C}: {@code csg} with the label-only form. */
    LABEL_ONLY("SG(y)", "label-only", SyntheticGradients.CSG, SynthesizerKind.LABEL_ONLY);

    private final String formula;
    private final String key;
    private final String method;
    private final SynthesizerKind synthesizer;

    SgVariant(String formula, String key, String method, SynthesizerKind synthesizer) {
        this.formula = formula;
        this.key = key;
        this.method = method;
        this.synthesizer = synthesizer;
    }

    public String formula() {
        return formula;
    }

    /** For file names and CSV cells. */
    public String key() {
        return key;
    }

    public String method() {
        return method;
    }

    public SynthesizerKind synthesizer() {
        return synthesizer;
    }
}
