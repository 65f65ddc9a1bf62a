package org.errorprop.experiments.reproduce.representations;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.errorprop.experiments.reproduce.StudiedMethod;

/**
 * Supp. Fig. 8's curves for one seed, or the seeds' mean: per method, the classifier probe's training
 * accuracy (NaN at a layer the probe did not run at) and the regressor probe's training MSE, at hidden
 * layers 1..L. It also builds the controls the criteria must fail on.
 *
 * @param accuracy       per method, classifier probe training accuracy by layer
 * @param reconstruction per method, regressor probe training MSE by layer
 */
record ProbeProfiles(Map<StudiedMethod, LayerProfile> accuracy, Map<StudiedMethod, LayerProfile> reconstruction) {

    ProbeProfiles {
        accuracy = Map.copyOf(new EnumMap<>(accuracy));
        reconstruction = Map.copyOf(new EnumMap<>(reconstruction));
    }

    LayerProfile accuracy(StudiedMethod method) {
        return accuracy.get(method);
    }

    LayerProfile reconstruction(StudiedMethod method) {
        return reconstruction.get(method);
    }

    /** Layer by layer, the mean of the seeds' numbers. */
    static ProbeProfiles mean(List<ProbeProfiles> seeds) {
        return new ProbeProfiles(meanOf(seeds.stream().map(ProbeProfiles::accuracy).toList()),
                meanOf(seeds.stream().map(ProbeProfiles::reconstruction).toList()));
    }

    private static Map<StudiedMethod, LayerProfile> meanOf(List<Map<StudiedMethod, LayerProfile>> seeds) {
        Map<StudiedMethod, LayerProfile> means = new EnumMap<>(StudiedMethod.class);
        for (StudiedMethod method : seeds.get(0).keySet()) {
            double[] sum = new double[seeds.get(0).get(method).layers()];
            for (Map<StudiedMethod, LayerProfile> seed : seeds) {
                for (int l = 1; l <= sum.length; l++) {
                    sum[l - 1] += seed.get(method).at(l) / seeds.size();
                }
            }
            means.put(method, new LayerProfile(sum));
        }
        return means;
    }

    /** Control: {@code from}'s curves (both probes) given as {@code to}'s (a swapped method). */
    ProbeProfiles swapped(StudiedMethod from, StudiedMethod to) {
        Map<StudiedMethod, LayerProfile> a = new EnumMap<>(accuracy);
        Map<StudiedMethod, LayerProfile> r = new EnumMap<>(reconstruction);
        a.put(to, accuracy(from));
        r.put(to, reconstruction(from));
        return new ProbeProfiles(a, r);
    }

    /** Control: {@code to}'s classifier curve replaced by the raw-pixel probe's accuracy at every layer. */
    ProbeProfiles withPixelAccuracy(StudiedMethod to, double pixelAccuracy) {
        Map<StudiedMethod, LayerProfile> a = new EnumMap<>(accuracy);
        double[] flat = new double[accuracy(to).layers()];
        Arrays.fill(flat, pixelAccuracy);
        a.put(to, new LayerProfile(flat));
        return new ProbeProfiles(a, reconstruction);
    }
}
