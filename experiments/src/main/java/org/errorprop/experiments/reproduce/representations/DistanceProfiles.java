package org.errorprop.experiments.reproduce.representations;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.errorprop.experiments.reproduce.StudiedMethod;

/**
 * Figure 3 (right) for one seed, or the seeds' mean: each method's distance from every hidden layer's
 * within-class RDM blocks to the last layer's, and the same divided by the layer-1 distance. It also builds
 * the controls Figure 3's criteria must fail on: layers shuffled, one method's profile in another's place.
 *
 * @param absolute per method, the distance to the last layer at layers 1..L
 */
record DistanceProfiles(Map<StudiedMethod, LayerProfile> absolute) {

    DistanceProfiles {
        absolute = Map.copyOf(new EnumMap<>(absolute));
    }

    static DistanceProfiles of(LayerDissimilarities measured, List<StudiedMethod> methods) {
        Map<StudiedMethod, LayerProfile> profiles = new EnumMap<>(StudiedMethod.class);
        methods.forEach(method -> profiles.put(method, measured.distanceToLast(method)));
        return new DistanceProfiles(profiles);
    }

    /** Layer by layer, the mean of the seeds' distances. */
    static DistanceProfiles mean(List<DistanceProfiles> seeds) {
        Map<StudiedMethod, LayerProfile> means = new EnumMap<>(StudiedMethod.class);
        for (StudiedMethod method : seeds.get(0).absolute().keySet()) {
            double[] sum = new double[seeds.get(0).absolute(method).layers()];
            for (DistanceProfiles seed : seeds) {
                for (int l = 1; l <= sum.length; l++) {
                    sum[l - 1] += seed.absolute(method).at(l) / seeds.size();
                }
            }
            means.put(method, new LayerProfile(sum));
        }
        return new DistanceProfiles(means);
    }

    LayerProfile absolute(StudiedMethod method) {
        return absolute.get(method);
    }

    /** The distance divided by the layer-1 distance: networks' RDMs differ in overall spread. */
    LayerProfile relative(StudiedMethod method) {
        LayerProfile profile = absolute(method);
        return profile.dividedBy(profile.at(1));
    }

    int layers() {
        return absolute.values().iterator().next().layers();
    }

    /** Control: {@code from}'s profile given as {@code to}'s (a swapped method). */
    DistanceProfiles swapped(StudiedMethod from, StudiedMethod to) {
        Map<StudiedMethod, LayerProfile> copy = new EnumMap<>(absolute);
        copy.put(to, absolute(from));
        return new DistanceProfiles(copy);
    }

    /**
     * Control: every method's layers 1..L−1 put in the order {@code order} (a permutation of 1..L−1, layer
     * {@code order[i]} moves to position {@code i + 1}); the last layer, the reference, stays last.
     */
    DistanceProfiles shuffled(int[] order) {
        Map<StudiedMethod, LayerProfile> copy = new EnumMap<>(StudiedMethod.class);
        absolute.forEach((method, profile) -> {
            double[] values = profile.values();
            double[] out = values.clone();
            for (int i = 0; i < order.length; i++) {
                out[i] = values[order[i] - 1];
            }
            copy.put(method, new LayerProfile(out));
        });
        return new DistanceProfiles(copy);
    }
}
