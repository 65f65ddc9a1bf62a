package org.errorprop.experiments.reproduce.table2;

import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.experiments.run.Trainer;
import org.errorprop.experiments.run.TrainingSetup;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.training.StepResult;
import org.errorprop.framework.training.TrainingStep;

/**
 * Trains one Table 2 model on one whole data set with the shared network, rules and trainer (built by the
 * experiments' {@link Trainer}; its own loop anneals the rate and records the curve): every step
 * is the framework's {@link TrainingStep} on a batch of the whole set (PAPER.md §4.1's data sets have 100
 * or 1000 points), the model is a {@link ModelDepth#architecture} and the rule is backprop or the linear
 * synthesizer at the output boundary ({@link TrainingMethod#method}, Theorem 1's setting; ADR-0008). The
 * model and the synthesizer take Adam steps at one learning rate, annealed by the same factor.
 */
final class Table2Training {
    static final int OUTPUTS = 2;

    private Table2Training() {
    }

    /**
     * @param data     the data set (inputs {@code n × k}, one-hot targets {@code n × 2})
     * @param depth    shallow or deep
     * @param loss     the loss
     * @param method   backprop or synthetic gradient
     * @param settings steps, learning rate, width, recording
     * @param init     the model's starting weights (the same for both methods, so the runs are paired)
     */
    static TrainingTrace train(Dataset data, ModelDepth depth, OutputLoss loss, TrainingMethod method,
                               Table2Settings settings, RandomStreams init, Compute compute) {
        DMatrixRMaj inputs = data.inputs();
        DMatrixRMaj labels = data.targets();
        Adam adam = Adam.withLearningRate(settings.learningRateFor(data.inputWidth()));
        Loss function = loss.function();
        Trainer trainer = Trainer.start(new TrainingSetup(
                depth.architecture(data.inputWidth(), settings.hiddenWidth(), OUTPUTS), init, function,
                method.method(), new MethodContext(init.child("method"), adam, compute), adam));
        Network network = trainer.network();
        TrainingStep step = trainer.step();
        int points = settings.curvePoints();
        double[] recordedSteps = new double[points];
        double[] recordedLosses = new double[points];
        int next = 0;
        double lastTrueSquares = Double.NaN;
        int steps = settings.stepsFor(data.inputWidth());
        for (int t = 0; t < steps; t++) {
            if (t == steps - 1 && step.outputSignal().isPresent()) {
                lastTrueSquares = trueOutputErrorSquares(network, function, inputs, labels);
            }
            StepResult result = step.run(inputs, labels, false, settings.learningRateFactorAt(t, steps));
            if (next < points && t == recordingStep(next, points, steps)) {
                recordedSteps[next] = t;
                recordedLosses[next] = result.loss();
                next++;
            }
        }
        double finalLoss = function.value(network.forward(inputs, Mode.EVAL), labels);
        double synthesizerError = Double.NaN;
        if (step.outputSignal().isPresent()) {
            synthesizerError = relativeError(step.outputSignal().get(), data.size(), lastTrueSquares);
        }
        return new TrainingTrace(Arrays.copyOf(recordedSteps, next), Arrays.copyOf(recordedLosses, next), finalLoss,
                synthesizerError);
    }

    /** {@code ‖g‖²} of the true output gradient {@code g = ∂L_i/∂p_i} at the current weights. */
    private static double trueOutputErrorSquares(Network network, Loss loss, DMatrixRMaj inputs, DMatrixRMaj labels) {
        DMatrixRMaj p = network.forward(inputs, Mode.EVAL);
        DMatrixRMaj g = new DMatrixRMaj(p.numRows, p.numCols);
        loss.outputError(p, labels, g);
        double squares = 0;
        for (int i = 0; i < g.getNumElements(); i++) {
            squares += g.data[i] * g.data[i];
        }
        return squares;
    }

    /**
     * {@code ‖ĝ − g‖ / ‖g‖} of the last step's synthetic gradient, from the synthesizer's loss on that step
     * ({@code ‖ĝ − g‖² / n}, before its update) and {@code ‖g‖²}; NaN when {@code g = 0}.
     */
    private static double relativeError(ErrorSignal synthesizer, int examples, double trueSquares) {
        double meanSquares = synthesizer.learningLoss().orElse(Double.NaN);
        return trueSquares == 0 ? Double.NaN : Math.sqrt(meanSquares * examples / trueSquares);
    }

    /** The {@code i}-th of {@code points} recording steps, evenly spaced from 0 to the last step. */
    static int recordingStep(int i, int points, int steps) {
        return (int) ((long) i * (steps - 1) / (points - 1));
    }
}
