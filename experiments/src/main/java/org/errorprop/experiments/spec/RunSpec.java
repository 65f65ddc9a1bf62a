package org.errorprop.experiments.spec;

import java.util.List;
import org.errorprop.experiments.data.DataSource;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.data.Normalization;
import org.errorprop.framework.linalg.MatmulPrecision;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.training.TrainingConfig;
import org.errorprop.methods.ChosenMethod;
import org.errorprop.methods.MethodCatalog;

/**
 * Everything that determines one training run, resolved: written to {@code spec.yaml} in the run
 * directory and replayable with {@code --spec}. Validated on construction, so a spec that exists can run.
 *
 * @param rule          propagation rule and its own options (only the keys that rule takes)
 * @param seed          master seed of every random stream
 * @param epochs        passes over the training split
 * @param batchSize     examples per step
 * @param optimizer     update rule of the network (and of any trainable signal state)
 * @param learningRate  its learning rate
 * @param l2            L2 penalty on weights
 * @param hiddenWidths  hidden block widths, bottom to top
 * @param activation    hidden non-linearity
 * @param bias          linear maps with biases
 * @param batchNorm     BatchNorm after every linear map, the output's included
 * @param loss          loss on the network output
 * @param data          {@code embedded}, {@code fashion-mnist} or a directory of MNIST-format files (kept as
 *                      its absolute, normalised path, so a spec.yaml replays from any working directory)
 * @param normalization input normalisation {@code (x − mean)/std}
 * @param probeEvery    measure every signal against the true gradient every this many steps (0: never)
 * @param synthesizerLearningRateScale the synthesizers' learning rate as a multiple of {@code learningRate}
 *                      (same update rule, no L2 penalty)
 * @param matmulPrecision the precision of the matrix products (everything else is double; ADR-0009)
 */
public record RunSpec(ChosenMethod<?> rule, long seed, int epochs, int batchSize, OptimizerChoice optimizer,
                      double learningRate, double l2, List<Integer> hiddenWidths, Activation activation, boolean bias,
                      boolean batchNorm, LossFunction loss, String data, Normalization normalization,
                      int probeEvery, double synthesizerLearningRateScale, MatmulPrecision matmulPrecision,
                      ScheduleChoice schedule) {

    /**
     * Most epochs a run may have: a run keeps one metrics row per epoch (in memory and in metrics.csv) and
     * evaluates the test set after each, so this is far past any useful run, and the run's steps
     * (epochs × steps per epoch, both ints) fit in a long.
     */
    public static final int MAX_EPOCHS = 1_000_000;
    /** Most hidden layers a network may have: 20 times the deepest network the paper trains (fig. 5's 50 blocks). */
    public static final int MAX_HIDDEN_LAYERS = 1_000;

    public RunSpec {
        hiddenWidths = List.copyOf(hiddenWidths);
        java.util.Objects.requireNonNull(rule, "rule");
        java.util.Objects.requireNonNull(matmulPrecision, "matmulPrecision");
        java.util.Objects.requireNonNull(schedule, "schedule");
        if (data == null || data.isBlank()) {
            throw new InvalidInputException("the spec names no data");
        }
        data = DataSource.canonical(data);
        new TrainingConfig(epochs, batchSize);
        if (epochs > MAX_EPOCHS) {
            throw new InvalidInputException("epochs must be from 1 to " + MAX_EPOCHS + ", was " + epochs);
        }
        if (hiddenWidths.size() > MAX_HIDDEN_LAYERS) {
            throw new InvalidInputException("a network may have at most " + MAX_HIDDEN_LAYERS + " hidden layers, got "
                    + hiddenWidths.size());
        }
        if (batchNorm && batchSize == 1) {
            throw new InvalidInputException("batch size 1 with BatchNorm: the statistics of a one-example batch are "
                    + "undefined (its variance is 0, and the running variance collapses); use --batch-size 2 or more, "
                    + "or a spec with batch_norm: false");
        }
        if (!(synthesizerLearningRateScale > 0) || !Double.isFinite(synthesizerLearningRateScale)) {
            throw new InvalidInputException("synthesizer_lr_scale must be a positive number, was "
                    + synthesizerLearningRateScale);
        }
        if (probeEvery < 0) {
            throw new InvalidInputException("probe_every must be 0 (off) or positive, was " + probeEvery);
        }
        optimizer.with(learningRate, l2);
        for (int width : hiddenWidths) {
            if (width <= 0) {
                throw new InvalidInputException("hidden widths must be positive, got " + hiddenWidths);
            }
        }
    }

    /**
     * The reference run: 784-256-256-10 without biases, BatchNorm after every linear map, ReLU,
     * softmax cross-entropy, Adam 1e-3, batch 64, inputs normalised with MNIST's mean and std,
     * 10 epochs on the embedded digits, backprop, seed 1; signals probed every 10th step; products in double.
     */
    public static RunSpec reference() {
        return new RunSpec(MethodCatalog.standard().choose("backprop"), 1, 10, 64, OptimizerChoice.ADAM, 1e-3, 0.0, List.of(256, 256),
                Activation.RELU, false, true, LossFunction.SOFTMAX_CROSS_ENTROPY, "embedded", Normalization.MNIST,
                10, 1.0, MatmulPrecision.FLOAT64, ScheduleChoice.SEQUENTIAL);
    }

    /** The rule's name. */
    public String method() {
        return rule.name();
    }

    public TrainingConfig training() {
        return new TrainingConfig(epochs, batchSize);
    }

    public OptimizerSpec optimizerSpec() {
        return optimizer.with(learningRate, l2);
    }

    /** The update rule of trainable signal state (synthesizers). */
    public OptimizerSpec signalOptimizerSpec() {
        return optimizer.with(learningRate * synthesizerLearningRateScale, 0.0);
    }

    public Architecture architecture(int inputWidth, int outputWidth) {
        return new Architecture(inputWidth, hiddenWidths, outputWidth, activation, bias, batchNorm, batchNorm,
                Initializer.UNIFORM_FAN_IN);
    }

    public RunSpec withRule(ChosenMethod<?> newRule) {
        return new RunSpec(newRule, seed, epochs, batchSize, optimizer, learningRate, l2, hiddenWidths, activation,
                bias, batchNorm, loss, data, normalization, probeEvery,
                synthesizerLearningRateScale, matmulPrecision, schedule);
    }

    public RunSpec withSeed(long newSeed) {
        return new RunSpec(rule, newSeed, epochs, batchSize, optimizer, learningRate, l2, hiddenWidths, activation,
                bias, batchNorm, loss, data, normalization, probeEvery,
                synthesizerLearningRateScale, matmulPrecision, schedule);
    }

    public RunSpec withEpochs(int newEpochs) {
        return new RunSpec(rule, seed, newEpochs, batchSize, optimizer, learningRate, l2, hiddenWidths, activation,
                bias, batchNorm, loss, data, normalization, probeEvery,
                synthesizerLearningRateScale, matmulPrecision, schedule);
    }
}
