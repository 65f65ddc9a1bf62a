package org.errorprop.experiments.reproduce.representations;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.experiments.reproduce.IndependentRuns;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.training.EvaluationPass;

/**
 * Supp. Fig. 8's measurements: at every hidden layer of each studied network, the linear classifier
 * probe's training accuracy and the linear regressor probe's training MSE (input reconstruction), plus
 * both probes on the raw pixels as the baseline a layer is compared with.
 *
 * @param accuracy         per method, probe training accuracy by layer
 * @param reconstruction   per method, regressor probe MSE by layer
 * @param fits             per method, the classifier probe's fit by layer (index 0 is layer 1)
 * @param pixelFit         the classifier probe on the raw pixels
 * @param pixelVariance    the regressor's MSE when it may only predict the mean image (its worst case)
 * @param examples         probe training examples
 */
public record LayerProbes(Map<StudiedMethod, LayerProfile> accuracy, Map<StudiedMethod, LayerProfile> reconstruction,
                          Map<StudiedMethod, List<LinearClassifierProbe.Fit>> fits, LinearClassifierProbe.Fit pixelFit,
                          double pixelVariance, int examples) {

    public LayerProbes {
        accuracy = Map.copyOf(new EnumMap<>(accuracy));
        reconstruction = Map.copyOf(new EnumMap<>(reconstruction));
        Map<StudiedMethod, List<LinearClassifierProbe.Fit>> copy = new EnumMap<>(StudiedMethod.class);
        fits.forEach((method, list) -> copy.put(method, List.copyOf(list)));
        fits = Map.copyOf(copy);
    }

    /** The classifier probe's training accuracy on the raw pixels: the baseline of every layer. */
    public double pixelAccuracy() {
        return pixelFit.trainAccuracy();
    }

    /** Every classifier probe fitted, the raw-pixel one last. */
    public List<LinearClassifierProbe.Fit> allFits() {
        List<LinearClassifierProbe.Fit> all = new ArrayList<>();
        fits.values().forEach(all::addAll);
        all.add(pixelFit);
        return Collections.unmodifiableList(all);
    }

    /**
     * Runs both probes at every hidden layer of each network, on {@code train}; one progress step per layer.
     * The networks are probed side by side on {@code workers} threads: the probes use no random numbers and
     * each network's own state, so the numbers do not depend on {@code workers}.
     */
    public static LayerProbes measure(Map<StudiedMethod, Network> networks, List<StudiedMethod> methods,
                                      Dataset train, LinearClassifierProbe classifier, int workers,
                                      Progress progress, Blas blas) {
        List<NetworkProbes> measured = IndependentRuns.map(methods, workers,
                method -> NetworkProbes.of(networks.get(method), train, classifier, progress, blas), (m, r) -> {
                });
        Map<StudiedMethod, LayerProfile> accuracy = new EnumMap<>(StudiedMethod.class);
        Map<StudiedMethod, LayerProfile> reconstruction = new EnumMap<>(StudiedMethod.class);
        Map<StudiedMethod, List<LinearClassifierProbe.Fit>> fits = new EnumMap<>(StudiedMethod.class);
        for (int i = 0; i < methods.size(); i++) {
            NetworkProbes probes = measured.get(i);
            accuracy.put(methods.get(i), new LayerProfile(probes.fits().stream()
                    .mapToDouble(LinearClassifierProbe.Fit::trainAccuracy).toArray()));
            reconstruction.put(methods.get(i), new LayerProfile(probes.errors()));
            fits.put(methods.get(i), probes.fits());
        }
        LinearClassifierProbe.Fit pixels = classifier.fit(train.inputs(), train.targets());
        progress.step();
        DMatrixRMaj nothing = new DMatrixRMaj(train.size(), 0);
        return new LayerProbes(accuracy, reconstruction, fits, pixels,
                LinearRegressorProbe.meanSquaredError(nothing, train.inputs(), blas), train.size());
    }

    /** One network's classifier fits and regressor errors, layer 1 first. */
    private record NetworkProbes(List<LinearClassifierProbe.Fit> fits, double[] errors) {

        static NetworkProbes of(Network network, Dataset train, LinearClassifierProbe classifier, Progress progress,
                                Blas blas) {
            int hidden = network.shape().blocks() - 1;
            LinearClassifierProbe.Fit[] fits = new LinearClassifierProbe.Fit[hidden];
            double[] errors = new double[hidden];
            EvaluationPass.layers(network, train.inputs(), hidden, EvaluationPass.BATCH, (layer, activations) -> {
                fits[layer - 1] = classifier.fit(activations, train.targets());
                errors[layer - 1] = LinearRegressorProbe.meanSquaredError(activations, train.inputs(), blas);
                progress.step();
            });
            return new NetworkProbes(List.of(fits), errors);
        }
    }
}
