package org.errorprop.experiments.reproduce.table2;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.optim.Optimizer;
import org.errorprop.framework.random.RandomStreams;

/**
 * Trains one Table 2 model on one whole data set (full batch, PAPER.md §4.1's data sets have 100 or 1000
 * points), with backprop or with the linear synthesizer at the output.
 *
 * <p>One step: forward pass to the outputs {@code p}; the true per-example gradient {@code g = ∂L_i/∂p_i};
 * with backprop the model is updated from {@code g}; with the synthesizer the model is updated from
 * {@code ĝ = pA + yB + C} (predicted before the synthesizer's own update) and the synthesizer takes one Adam step
 * on {@code ½ mean ‖ĝ − g‖²}. The framework's synthetic-gradient method puts synthesizers only between hidden
 * layers; Table 2's models are linear maps whose only interface is the output, which is where Theorem 1
 * places the synthesizer, hence this small dedicated trainer.
 */
final class FullBatchTraining {
    private static final int OUTPUTS = 2;

    private FullBatchTraining() {
    }

    /**
     * @param data     the data set (inputs {@code n × k}, one-hot targets {@code n × 2})
     * @param depth    shallow or deep
     * @param loss     the loss
     * @param method   backprop or synthetic gradient
     * @param settings steps, learning rate, width, recording
     * @param init     the deep model's starting weights (the same for both methods, so the runs are paired)
     */
    static TrainingTrace train(Dataset data, ModelDepth depth, OutputLoss loss, TrainingMethod method,
                               Table2Settings settings, RandomStreams init) {
        int n = data.size();
        DMatrixRMaj inputs = data.inputs();
        DMatrixRMaj labels = data.targets();
        LinearChain model = new LinearChain(
                LinearChain.widths(data.inputWidth(), depth.hiddenLayers(), settings.hiddenWidth(), OUTPUTS), n,
                init);
        Optimizer modelOptimizer = Adam.withLearningRate(settings.learningRateFor(data.inputWidth())).attach(model.parameters(), Compute.sequential());
        LinearOutputSynthesizer synthesizer = null;
        Optimizer synthesizerOptimizer = null;
        if (method == TrainingMethod.SYNTHETIC_GRADIENT) {
            synthesizer = new LinearOutputSynthesizer(OUTPUTS, n);
            synthesizerOptimizer = Adam.withLearningRate(settings.learningRateFor(data.inputWidth())).attach(synthesizer.parameters(), Compute.sequential());
        }
        Loss function = loss.function();
        DMatrixRMaj trueGradient = new DMatrixRMaj(n, OUTPUTS);
        int points = settings.curvePoints();
        double[] recordedSteps = new double[points];
        double[] recordedLosses = new double[points];
        int next = 0;
        double synthesizerError = Double.NaN;
        int steps = settings.stepsFor(data.inputWidth());
        for (int t = 0; t < steps; t++) {
            double factor = settings.learningRateFactorAt(t, steps);
            DMatrixRMaj outputs = model.forward(inputs);
            if (next < points && t == recordingStep(next, points, steps)) {
                recordedSteps[next] = t;
                recordedLosses[next] = function.value(outputs, labels);
                next++;
            }
            function.outputError(outputs, labels, trueGradient);
            if (synthesizer == null) {
                model.backward(trueGradient);
            } else {
                DMatrixRMaj predicted = synthesizer.predict(outputs, labels);
                model.backward(predicted);
                synthesizer.regressionGradient(outputs, labels, trueGradient);
                synthesizerOptimizer.step(factor);
                if (t == steps - 1) {
                    synthesizerError = synthesizer.relativeError(trueGradient);
                }
            }
            modelOptimizer.step(factor);
        }
        double finalLoss = function.value(model.forward(inputs), labels);
        return new TrainingTrace(java.util.Arrays.copyOf(recordedSteps, next),
                java.util.Arrays.copyOf(recordedLosses, next), finalLoss, synthesizerError);
    }

    /** The {@code i}-th of {@code points} recording steps, evenly spaced from 0 to the last step. */
    static int recordingStep(int i, int points, int steps) {
        return (int) ((long) i * (steps - 1) / (points - 1));
    }
}
