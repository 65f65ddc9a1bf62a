package org.errorprop.experiments.reproduce.implicitloss;

import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.SoftmaxCrossEntropy;
import org.errorprop.framework.loss.SquaredError;

/** The four panels of Figure 2: a loss and a labelling of the grid. */
public enum LossPanel {
    A("a", "MSE", GridLabelling.NOISY),
    B("b", "log loss", GridLabelling.NOISY),
    C("c", "MSE", GridLabelling.RANDOM),
    D("d", "log loss", GridLabelling.RANDOM);

    private final String letter;
    private final String lossName;
    private final GridLabelling labelling;

    LossPanel(String letter, String lossName, GridLabelling labelling) {
        this.letter = letter;
        this.lossName = lossName;
        this.labelling = labelling;
    }

    public String letter() {
        return letter;
    }

    public GridLabelling labelling() {
        return labelling;
    }

    public boolean squaredError() {
        return this == A || this == C;
    }

    /** {@code ½‖p − y‖²} on the two outputs, or softmax cross-entropy on two logits. */
    public Loss loss() {
        return squaredError() ? new SquaredError() : new SoftmaxCrossEntropy();
    }

    /** For titles: {@code "(a) MSE, noisy"}. */
    public String title() {
        return "(" + letter + ") " + lossName + ", " + labelling.label();
    }
}
