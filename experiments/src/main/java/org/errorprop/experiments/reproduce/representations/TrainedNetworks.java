package org.errorprop.experiments.reproduce.representations;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.framework.network.Network;

/**
 * The deep networks of Figure 3 and Supp. Fig. 8, trained once and shared by both experiments: every method
 * {@link RepresentationSettings#seeds()} times, each run from its own initial weights and batch order.
 *
 * @param settings the settings they were trained with
 * @param networks each method's trained networks, seed 1 first
 * @param finals   each method's accuracies after the last epoch, seed 1 first
 */
public record TrainedNetworks(RepresentationSettings settings, Map<StudiedMethod, List<Network>> networks,
                              Map<StudiedMethod, List<FinalAccuracy>> finals) {

    public TrainedNetworks {
        Map<StudiedMethod, List<Network>> nets = new EnumMap<>(StudiedMethod.class);
        networks.forEach((method, list) -> nets.put(method, List.copyOf(list)));
        networks = Map.copyOf(nets);
        Map<StudiedMethod, List<FinalAccuracy>> accs = new EnumMap<>(StudiedMethod.class);
        finals.forEach((method, list) -> accs.put(method, List.copyOf(list)));
        finals = Map.copyOf(accs);
    }

    /** How many runs each method has. */
    public int seeds() {
        return networks.values().iterator().next().size();
    }

    /** {@code method}'s network of seed {@code seed} (1-based). */
    public Network network(StudiedMethod method, int seed) {
        return networks.get(method).get(seed - 1);
    }

    /** Seed {@code seed}'s network of every method (1-based). */
    public Map<StudiedMethod, Network> ofSeed(int seed) {
        Map<StudiedMethod, Network> one = new EnumMap<>(StudiedMethod.class);
        networks.forEach((method, list) -> one.put(method, list.get(seed - 1)));
        return one;
    }

    public List<FinalAccuracy> accuracies(StudiedMethod method) {
        return finals.get(method);
    }

    /** Each of {@code methods}' lowest test accuracy over its runs, by label (for {@code TrainedNetworkBar}). */
    public Map<String, Double> lowestTestAccuracy(List<StudiedMethod> methods) {
        Map<String, Double> lowest = new LinkedHashMap<>();
        for (StudiedMethod method : methods) {
            lowest.put(method.label(), finals.get(method).stream().mapToDouble(FinalAccuracy::test).min()
                    .orElseThrow());
        }
        return lowest;
    }

    /** The test accuracies of {@code method}'s runs, seed 1 first. */
    public double[] testAccuracies(StudiedMethod method) {
        return finals.get(method).stream().mapToDouble(FinalAccuracy::test).toArray();
    }

    /** The training accuracies (last epoch) of {@code method}'s runs, seed 1 first. */
    public double[] trainAccuracies(StudiedMethod method) {
        return finals.get(method).stream().mapToDouble(FinalAccuracy::train).toArray();
    }

    @Override
    public String toString() {
        return "TrainedNetworks" + Arrays.toString(networks.keySet().toArray()) + " x " + seeds();
    }

    /**
     * Accuracies of one trained network.
     *
     * @param train fraction of training digits classified correctly during the last epoch (training mode)
     * @param test  fraction of test digits classified correctly after it (evaluation mode)
     */
    public record FinalAccuracy(double train, double test) implements java.io.Serializable {
    }
}
