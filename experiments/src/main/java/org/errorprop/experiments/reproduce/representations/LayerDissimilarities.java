package org.errorprop.experiments.reproduce.representations;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.training.EvaluationPass;

/**
 * Every hidden layer's RDM on one label-sorted sample, for each studied network, and the Figure 3 (right)
 * profile: each layer's within-class-block distance to the last layer's RDM.
 *
 * @param labels the sample's labels, in RDM order
 * @param rdms   per method, the RDM of hidden layer {@code l} at index {@code l − 1}
 */
public record LayerDissimilarities(int[] labels, Map<StudiedMethod, List<double[][]>> rdms) {

    public LayerDissimilarities {
        labels = labels.clone();
        rdms = Map.copyOf(new EnumMap<>(rdms));
    }

    /** The RDMs of every hidden layer of each network on {@code sample} (sorted by label). */
    public static LayerDissimilarities measure(Map<StudiedMethod, Network> networks, List<StudiedMethod> methods,
                                               Dataset sample) {
        int[] labels = new int[sample.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = sample.label(i);
        }
        Map<StudiedMethod, List<double[][]>> rdms = new EnumMap<>(StudiedMethod.class);
        for (StudiedMethod method : methods) {
            List<double[][]> layers = new java.util.ArrayList<>();
            Network network = networks.get(method);
            EvaluationPass.layers(network, sample.inputs(), network.shape().blocks() - 1, EvaluationPass.BATCH,
                    (layer, activations) -> layers.add(DissimilarityMatrix.of(activations)));
            rdms.put(method, List.copyOf(layers));
        }
        return new LayerDissimilarities(labels, rdms);
    }

    public double[][] rdm(StudiedMethod method, int layer) {
        return rdms.get(method).get(layer - 1);
    }

    public int layers() {
        return rdms.values().iterator().next().size();
    }

    /** Figure 3 (right): layer {@code l}'s diagonal-block distance to the last layer, for {@code l = 1..L}. */
    public LayerProfile distanceToLast(StudiedMethod method) {
        int last = layers();
        double[] distances = new double[last];
        for (int l = 1; l <= last; l++) {
            distances[l - 1] = DissimilarityMatrix.diagonalBlockDistance(rdm(method, l), rdm(method, last), labels);
        }
        return new LayerProfile(distances);
    }

    /** The mean dissimilarity of each pair of classes' block of layer {@code layer}'s RDM ({@code classes × classes}). */
    public double[][] blockMeans(StudiedMethod method, int layer, int classes) {
        double[][] sums = new double[classes][classes];
        double[][] counts = new double[classes][classes];
        double[][] rdm = rdm(method, layer);
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < labels.length; j++) {
                sums[labels[i]][labels[j]] += rdm[i][j];
                counts[labels[i]][labels[j]]++;
            }
        }
        for (int a = 0; a < classes; a++) {
            for (int b = 0; b < classes; b++) {
                sums[a][b] = counts[a][b] > 0 ? sums[a][b] / counts[a][b] : Double.NaN;
            }
        }
        return sums;
    }
}
