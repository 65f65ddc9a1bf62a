package org.errorprop.experiments.reproduce.table2;

/**
 * The loss of one training run over time.
 *
 * @param steps             the steps at which the loss was recorded (before that step's update)
 * @param losses            the mean loss over the data set at those steps
 * @param finalLoss         the loss after the last update
 * @param synthesizerError  {@code ‖ĝ − g‖/‖g‖} of the synthesizer's last prediction (NaN for backprop)
 */
public record TrainingTrace(double[] steps, double[] losses, double finalLoss, double synthesizerError)
        implements java.io.Serializable {
    public TrainingTrace {
        if (steps.length != losses.length) {
            throw new IllegalArgumentException("one loss per recorded step");
        }
        steps = steps.clone();
        losses = losses.clone();
    }
}
