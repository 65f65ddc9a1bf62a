package org.errorprop.experiments.reproduce.representations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.CriteriaRegistry;
import org.errorprop.experiments.reproduce.Registration;
import org.errorprop.experiments.reproduce.Scale;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.experiments.reproduce.TrainedNetworkBar;
import org.junit.jupiter.api.Test;

/**
 * Every criterion fig3 and supp8 print at the quick and the full scale is registered word for word in the
 * packaged {@code criteria.yaml}: a change to the code's wording (a threshold, the probed layers) without a
 * registration would leave the claim uncounted, and this test says so before a run does.
 */
class RegisteredCriteriaTest {

    @Test
    void everyQuickAndFullCriterionIsRegisteredWordForWord() {
        CriteriaRegistry registry = CriteriaRegistry.packaged();
        for (Scale scale : List.of(Scale.QUICK, Scale.FULL)) {
            RepresentationSettings settings = RepresentationSettings.forScale(scale);
            TrainedNetworkBar bar = TrainedNetworkBar.forScale(scale);
            Map<String, Double> accuracy = new LinkedHashMap<>();
            Map<StudiedMethod, LayerProfile> profiles = new EnumMap<>(StudiedMethod.class);
            for (StudiedMethod method : StudiedMethod.values()) {
                accuracy.put(method.label(), 1.0);
                double[] values = new double[settings.hiddenLayers()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = values.length - i + method.ordinal();
                }
                profiles.put(method, new LayerProfile(values));
            }
            DistanceProfiles distances = new DistanceProfiles(profiles);
            int[] order = new int[settings.hiddenLayers() - 1];
            for (int i = 0; i < order.length; i++) {
                order[i] = i + 1;
            }
            List<DistanceProfiles> seeds = new ArrayList<>();
            List<ProbeProfiles> probes = new ArrayList<>();
            for (int seed = 0; seed < settings.seeds(); seed++) {
                seeds.add(distances);
                probes.add(new ProbeProfiles(profiles, profiles));
            }
            List<Claim> fig3 = DissimilarityClaims.of(seeds, distances, order, settings.sgBoundary(), bar, accuracy);
            List<Claim> supp8 = ProbeClaims.of(probes, settings.classifierProbeLayers(), 0.9, 1000,
                    settings.sgBoundary(), bar, accuracy);
            assertEquals(5, fig3.size());
            assertEquals(5, supp8.size());
            for (Claim claim : fig3) {
                assertCounts(registry.registrationOf(RepresentationDissimilarityExperiment.NAME, scale, claim), claim);
            }
            for (Claim claim : supp8) {
                assertCounts(registry.registrationOf(LinearProbeExperiment.NAME, scale, claim), claim);
            }
        }
    }

    private static void assertCounts(Registration registration, Claim claim) {
        assertTrue(registration.status().counts(), registration.scale() + " " + claim.finding() + ": "
                + registration.status() + " for \"" + claim.criterion() + "\"");
    }
}
