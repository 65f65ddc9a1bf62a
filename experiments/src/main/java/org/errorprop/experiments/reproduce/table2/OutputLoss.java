package org.errorprop.experiments.reproduce.table2;

import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.SoftmaxCrossEntropy;
import org.errorprop.framework.loss.SquaredError;

/**
 * Table 2's two losses on the two one-hot outputs, both the framework's: squared error
 * {@code L_i = ½‖p_i − y_i‖²} (linear regression) and softmax cross-entropy (logistic regression
 * written with two logits, PAPER.md §4.1: "binary labels are one-hot encoded to fit softmax models").
 * Either way the reported loss is the mean of {@code L_i} over the data set.
 */
public enum OutputLoss {
    MSE("mse", new SquaredError()),
    LOG_LOSS("log-loss", new SoftmaxCrossEntropy());

    private final String label;
    private final Loss loss;

    OutputLoss(String label, Loss loss) {
        this.label = label;
        this.loss = loss;
    }

    /** {@code mse} or {@code log-loss}, the CSV's "loss" column. */
    public String label() {
        return label;
    }

    /**
     * The loss of predicting (½, ½) for every point: ½(¼ + ¼) = ¼ for squared error, ln 2 for log loss. The best
     * constant prediction does at least this well, so a trained model that ends above it has not converged.
     */
    public double chanceLevel() {
        return this == MSE ? 0.25 : Math.log(2);
    }

    /** The loss function; stateless, so one instance serves every thread. */
    public Loss function() {
        return loss;
    }
}
