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
 * Supp. Fig. 8's measurements: for every seed's network of each studied method, the linear classifier
 * probe's training accuracy at the probed layers and the linear regressor probe's training MSE (input
 * reconstruction) at every hidden layer, plus both probes on the raw pixels of the same digits as the
 * baseline a layer is compared with.
 *
 * @param classifierLayers the layers the classifier probe ran at
 * @param seeds            each seed's curves, seed 1 first
 * @param fits             every classifier probe fitted on a layer (for the convergence summary)
 * @param pixelFit         the classifier probe on the raw pixels
 * @param pixelVariance    the regressor's MSE when it may only predict the mean image (its worst case)
 * @param examples         probe training examples
 */
public record LayerProbes(List<Integer> classifierLayers, List<ProbeProfiles> seeds,
                          List<LinearClassifierProbe.Fit> fits, LinearClassifierProbe.Fit pixelFit,
                          double pixelVariance, int examples) {

    public LayerProbes {
        classifierLayers = List.copyOf(classifierLayers);
        seeds = List.copyOf(seeds);
        fits = List.copyOf(fits);
    }

    /** The classifier probe's training accuracy on the raw pixels: the baseline of every layer. */
    public double pixelAccuracy() {
        return pixelFit.trainAccuracy();
    }

    /** Every classifier probe fitted, the raw-pixel one last. */
    public List<LinearClassifierProbe.Fit> allFits() {
        List<LinearClassifierProbe.Fit> all = new ArrayList<>(fits);
        all.add(pixelFit);
        return Collections.unmodifiableList(all);
    }

    /** One probed network: a method and a seed (1-based). */
    private record ProbeRun(StudiedMethod method, int seed) implements java.io.Serializable {
    }

    /**
     * Runs both probes on every seed's network of each method, on {@code train}; one progress step per
     * layer. The networks are probed side by side on {@code workers} threads: the probes use no random
     * numbers and each network's own state, so the numbers do not depend on {@code workers}.
     */
    public static LayerProbes measure(org.errorprop.experiments.reproduce.RunStore store, String site,
                                      TrainedNetworks networks, List<StudiedMethod> methods,
                                      List<Integer> classifierLayers, Dataset train, LinearClassifierProbe classifier,
                                      int workers, Progress progress, Blas blas) {
        List<ProbeRun> runs = new ArrayList<>();
        for (int seed = 1; seed <= networks.seeds(); seed++) {
            for (StudiedMethod method : methods) {
                runs.add(new ProbeRun(method, seed));
            }
        }
        List<NetworkProbes> measured = store.map(site, runs, workers,
                run -> NetworkProbes.of(networks.network(run.method(), run.seed()), classifierLayers, train,
                        classifier, progress, blas), (m, r) -> {
                });
        List<ProbeProfiles> seeds = new ArrayList<>();
        List<LinearClassifierProbe.Fit> fits = new ArrayList<>();
        for (int seed = 1; seed <= networks.seeds(); seed++) {
            Map<StudiedMethod, LayerProfile> accuracy = new EnumMap<>(StudiedMethod.class);
            Map<StudiedMethod, LayerProfile> reconstruction = new EnumMap<>(StudiedMethod.class);
            for (int i = 0; i < runs.size(); i++) {
                if (runs.get(i).seed() == seed) {
                    NetworkProbes probes = measured.get(i);
                    accuracy.put(runs.get(i).method(), new LayerProfile(probes.accuracy()));
                    reconstruction.put(runs.get(i).method(), new LayerProfile(probes.errors()));
                    fits.addAll(probes.fits());
                }
            }
            seeds.add(new ProbeProfiles(accuracy, reconstruction));
        }
        LinearClassifierProbe.Fit pixels = classifier.fit(train.inputs(), train.targets());
        progress.step();
        DMatrixRMaj nothing = new DMatrixRMaj(train.size(), 0);
        return new LayerProbes(classifierLayers, seeds, fits, pixels,
                LinearRegressorProbe.meanSquaredError(nothing, train.inputs(), blas), train.size());
    }

    /** One network's classifier fits (probed layers) and accuracies (NaN elsewhere) and regressor errors. */
    private record NetworkProbes(List<LinearClassifierProbe.Fit> fits, double[] accuracy, double[] errors)
            implements java.io.Serializable {

        static NetworkProbes of(Network network, List<Integer> classifierLayers, Dataset train,
                                LinearClassifierProbe classifier, Progress progress, Blas blas) {
            int hidden = network.shape().blocks() - 1;
            List<LinearClassifierProbe.Fit> fits = new ArrayList<>();
            double[] accuracy = new double[hidden];
            double[] errors = new double[hidden];
            EvaluationPass.layers(network, train.inputs(), hidden, EvaluationPass.BATCH, (layer, activations) -> {
                accuracy[layer - 1] = Double.NaN;
                if (classifierLayers.contains(layer)) {
                    LinearClassifierProbe.Fit fit = classifier.fit(activations, train.targets());
                    fits.add(fit);
                    accuracy[layer - 1] = fit.trainAccuracy();
                }
                errors[layer - 1] = LinearRegressorProbe.meanSquaredError(activations, train.inputs(), blas);
                progress.step();
            });
            return new NetworkProbes(List.copyOf(fits), accuracy, errors);
        }
    }
}
