package org.errorprop.experiments.reproduce.representations;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.training.EvaluationPass;

/**
 * Supp. Fig. 8's measurements: at every hidden layer of each studied network, the linear classifier
 * probe's training accuracy and the linear regressor probe's training MSE (input reconstruction), plus
 * both probes on the raw pixels as the baseline a layer is compared with.
 *
 * @param accuracy         per method, probe training accuracy by layer
 * @param reconstruction   per method, regressor probe MSE by layer
 * @param pixelAccuracy    the classifier probe on the raw pixels
 * @param pixelVariance    the regressor's MSE when it may only predict the mean image (its worst case)
 * @param examples         probe training examples
 */
public record LayerProbes(Map<StudiedMethod, LayerProfile> accuracy, Map<StudiedMethod, LayerProfile> reconstruction,
                          double pixelAccuracy, double pixelVariance, int examples) {

    public LayerProbes {
        accuracy = Map.copyOf(new EnumMap<>(accuracy));
        reconstruction = Map.copyOf(new EnumMap<>(reconstruction));
    }

    /** Runs both probes at every hidden layer of each network, on {@code train}; one progress step per layer. */
    public static LayerProbes measure(Map<StudiedMethod, Network> networks, List<StudiedMethod> methods,
                                      Dataset train, LinearClassifierProbe classifier, RandomStreams random,
                                      Progress progress, Blas blas) {
        Map<StudiedMethod, LayerProfile> accuracy = new EnumMap<>(StudiedMethod.class);
        Map<StudiedMethod, LayerProfile> reconstruction = new EnumMap<>(StudiedMethod.class);
        for (StudiedMethod method : methods) {
            Network network = networks.get(method);
            int hidden = network.shape().blocks() - 1;
            double[] accuracies = new double[hidden];
            double[] errors = new double[hidden];
            EvaluationPass.layers(network, train.inputs(), hidden, EvaluationPass.BATCH, (layer, activations) -> {
                accuracies[layer - 1] = classifier.trainAccuracy(activations, train.targets(),
                        random.child("probe/" + method.name() + "/layer-" + layer));
                errors[layer - 1] = LinearRegressorProbe.meanSquaredError(activations, train.inputs(), blas);
                progress.step();
            });
            accuracy.put(method, new LayerProfile(accuracies));
            reconstruction.put(method, new LayerProfile(errors));
        }
        double pixels = classifier.trainAccuracy(train.inputs(), train.targets(), random.child("probe/pixels"));
        progress.step();
        DMatrixRMaj nothing = new DMatrixRMaj(train.size(), 0);
        return new LayerProbes(accuracy, reconstruction, pixels,
                LinearRegressorProbe.meanSquaredError(nothing, train.inputs(), blas), train.size());
    }
}
