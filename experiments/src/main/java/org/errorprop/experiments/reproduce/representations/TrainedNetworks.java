package org.errorprop.experiments.reproduce.representations;

import java.util.EnumMap;
import java.util.Map;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.framework.network.Network;

/**
 * The four deep networks of Figure 3 and Supp. Fig. 8, trained once and shared by both experiments.
 *
 * @param settings the settings they were trained with
 * @param networks each method's trained network
 * @param finals   each method's accuracies after the last epoch
 */
public record TrainedNetworks(RepresentationSettings settings, Map<StudiedMethod, Network> networks,
                              Map<StudiedMethod, FinalAccuracy> finals) {

    public TrainedNetworks {
        networks = Map.copyOf(new EnumMap<>(networks));
        finals = Map.copyOf(new EnumMap<>(finals));
    }

    public Network network(StudiedMethod method) {
        return networks.get(method);
    }

    public FinalAccuracy accuracy(StudiedMethod method) {
        return finals.get(method);
    }

    /**
     * Accuracies of one trained network.
     *
     * @param train fraction of training digits classified correctly during the last epoch (training mode)
     * @param test  fraction of test digits classified correctly after it (evaluation mode)
     */
    public record FinalAccuracy(double train, double test) {
    }
}
