package org.errorprop.experiments.reproduce.representations;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.experiments.run.Trainer;
import org.errorprop.experiments.run.TrainingSetup;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.training.TrainingConfig;
import org.errorprop.framework.training.TrainingListener;
import org.errorprop.methods.MethodCatalog;
import org.errorprop.methods.backprop.Backprop;

/**
 * A linear classifier probe (Alain and Bengio 2016) on one layer's activations: softmax regression
 * trained on the main task with the experiments' {@link Trainer}, the network under study untouched
 * (the features are fixed copies). Its training accuracy answers "are the classes linearly separable
 * at this layer?".
 *
 * <p>The features are standardised per unit first (mean 0, variance 1 over the probe's examples; a
 * constant unit becomes 0). An affine change of the features does not change what a linear classifier
 * can separate, only how fast Adam gets there.
 */
public final class LinearClassifierProbe {
    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final Compute compute;

    public LinearClassifierProbe(int epochs, int batchSize, double learningRate, Compute compute) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.learningRate = learningRate;
        this.compute = compute;
    }

    /**
     * The probe's training accuracy after its last epoch, in evaluation mode, on {@code features}
     * ({@code n × d}) labelled by {@code oneHot} ({@code n × classes}).
     *
     * @param random the probe's own streams (its initial weights and its batch order)
     */
    public double trainAccuracy(DMatrixRMaj features, DMatrixRMaj oneHot, RandomStreams random) {
        Dataset data = new Dataset("probe", standardised(features), oneHot, oneHot.numCols);
        Architecture linear = new Architecture(data.inputWidth(), List.of(), data.outputWidth(), Activation.IDENTITY,
                true, false, false, Initializer.UNIFORM_FAN_IN);
        Adam adam = Adam.withLearningRate(learningRate);
        Trainer trainer = Trainer.start(new TrainingSetup(linear, random, LossFunction.SOFTMAX_CROSS_ENTROPY.loss(),
                MethodCatalog.standard().create(Backprop.NAME), new MethodContext(random.child("method"), adam, compute), adam));
        return trainer.epochs(new DataSplit(data, data), new TrainingConfig(epochs, batchSize), TrainingListener.NONE)
                .requireComplete().last().testAccuracy();
    }

    /** Each column shifted to mean 0 and scaled to variance 1; a constant column becomes 0. */
    static DMatrixRMaj standardised(DMatrixRMaj features) {
        int n = features.numRows;
        int d = features.numCols;
        DMatrixRMaj out = new DMatrixRMaj(n, d);
        for (int c = 0; c < d; c++) {
            double mean = 0;
            for (int r = 0; r < n; r++) {
                mean += features.unsafe_get(r, c);
            }
            mean /= n;
            double variance = 0;
            for (int r = 0; r < n; r++) {
                double v = features.unsafe_get(r, c) - mean;
                variance += v * v;
            }
            double std = Math.sqrt(variance / n);
            for (int r = 0; r < n; r++) {
                out.unsafe_set(r, c, std > 0 ? (features.unsafe_get(r, c) - mean) / std : 0.0);
            }
        }
        return out;
    }
}
