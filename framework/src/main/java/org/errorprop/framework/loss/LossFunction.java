package org.errorprop.framework.loss;

/** The losses errorprop offers, by name. */
public enum LossFunction {
    SQUARED_ERROR(new SquaredError()),
    SOFTMAX_CROSS_ENTROPY(new SoftmaxCrossEntropy()),
    SIGMOID_LOG_LOSS(new SigmoidLogLoss());

    private final Loss loss;

    LossFunction(Loss loss) {
        this.loss = loss;
    }

    public Loss loss() {
        return loss;
    }
}
