package org.errorprop.experiments.reproduce.representations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.Scale;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.experiments.reproduce.TrainedNetworkBar;
import org.junit.jupiter.api.Test;

/**
 * Every Figure 3 criterion through the claim code the report uses, on synthetic distance profiles shaped
 * as the paper describes (it holds) and on a control it must fail on: another method's profile in place of
 * the one read, the layers shuffled, or a profile with no structure (what an untrained network gives); and
 * a network under the trained bar makes a claim that reads it not count.
 */
class DissimilarityClaimsTest {
    private static final int LAYERS = 20;
    private static final int BOUNDARY = 11;
    private static final TrainedNetworkBar BAR = TrainedNetworkBar.forScale(Scale.QUICK);
    /** Layers 1..19 reversed: the first layers, far from the last, come just before it. */
    private static final int[] REVERSED = reversed(LAYERS - 1);

    /** Backprop: close to the last layer from layer 6 on (relative distance e^{-(l-1)/3}). */
    private static double backprop(int l) {
        return 10 * Math.exp(-(l - 1) / 3.0);
    }

    /** Single SG: a slow drift to 0.6 below the SG, a step to 0.15 across it, a slow drift above. */
    private static double single(int l) {
        return 8 * (l <= BOUNDARY ? 1 - 0.04 * (l - 1) : 0.15 * (LAYERS - l) / (LAYERS - BOUNDARY - 1));
    }

    /** SG everywhere: every layer contributes the same (a straight line down to the last layer). */
    private static double everywhere(int l) {
        return 6 * (LAYERS - l) / (LAYERS - 1.0);
    }

    /** DFA: a layer-1 distance a third of backprop's. */
    private static double dfa(int l) {
        return 3 * (LAYERS - l) / (LAYERS - 1.0);
    }

    /** The paper's shapes, scaled by {@code 1 + wobble} so that the seeds differ. */
    private static DistanceProfiles paperLike(double wobble) {
        Map<StudiedMethod, LayerProfile> profiles = new EnumMap<>(StudiedMethod.class);
        profiles.put(StudiedMethod.BACKPROP, profile(l -> backprop(l) * (1 + wobble), true));
        profiles.put(StudiedMethod.SINGLE_SG, profile(l -> single(l) * (1 - wobble), false));
        profiles.put(StudiedMethod.SG_EVERYWHERE, profile(l -> everywhere(l) * (1 + wobble), false));
        profiles.put(StudiedMethod.DFA, profile(l -> dfa(l) * (1 - wobble), false));
        return new DistanceProfiles(profiles);
    }

    private interface LayerFunction {
        double at(int layer);
    }

    private static LayerProfile profile(LayerFunction f, boolean zeroAtLast) {
        double[] values = new double[LAYERS];
        for (int l = 1; l <= LAYERS; l++) {
            values[l - 1] = l == LAYERS && zeroAtLast ? 0 : f.at(l);
        }
        return new LayerProfile(values);
    }

    private static final List<DistanceProfiles> SEEDS = List.of(paperLike(0), paperLike(0.05), paperLike(-0.05));

    /** An untrained network's profile: every method the same straight line (no method-specific shape). */
    private static DistanceProfiles untrained() {
        Map<StudiedMethod, LayerProfile> profiles = new EnumMap<>(StudiedMethod.class);
        for (StudiedMethod method : StudiedMethod.values()) {
            profiles.put(method, profile(l -> 5.0 * (LAYERS - l) / (LAYERS - 1), false));
        }
        return new DistanceProfiles(profiles);
    }

    private static Map<String, Double> trained() {
        Map<String, Double> accuracy = new LinkedHashMap<>();
        for (StudiedMethod method : StudiedMethod.values()) {
            accuracy.put(method.label(), 0.95);
        }
        return accuracy;
    }

    private static List<Claim> claims(List<DistanceProfiles> seeds, Map<String, Double> accuracy) {
        return DissimilarityClaims.of(seeds, untrained(), REVERSED, BOUNDARY, BAR, accuracy);
    }

    /** The claims with every seed's profiles replaced by a control's. */
    private static List<Claim> onControl(UnaryOperator<DistanceProfiles> control) {
        return claims(SEEDS.stream().map(control).toList(), trained());
    }

    private static int[] reversed(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = n - i;
        }
        return order;
    }

    @Test
    void everyClaimHoldsOnThePapersShapesOnEverySeed() {
        List<Claim> claims = claims(SEEDS, trained());
        assertEquals(5, claims.size());
        for (Claim claim : claims) {
            assertTrue(claim.holds(), claim.toString());
            assertTrue(claim.ours().contains("held on 3 of 3"), claim.ours());
            assertTrue(claim.criterion().contains("on the mean over 3 seeds"), claim.criterion());
            assertTrue(claim.criterion().contains(BAR.clause()), claim.criterion());
        }
    }

    @Test
    void theBackpropPlateauFailsOnShuffledLayersOnSgEverywhereAndOnAnUntrainedNetwork() {
        assertFalse(onControl(p -> p.shuffled(REVERSED)).get(0).holds());
        assertFalse(onControl(p -> p.swapped(StudiedMethod.SG_EVERYWHERE, StudiedMethod.BACKPROP)).get(0).holds());
        assertFalse(onControl(p -> untrained()).get(0).holds());
        // and the report says so beside the verdict on the trained networks
        String ours = claims(SEEDS, trained()).get(0).ours();
        assertTrue(ours.contains("layers shuffled: fails"), ours);
        assertTrue(ours.contains("untrained networks: fails"), ours);
        assertTrue(ours.contains("SG everywhere's profile as backprop's: fails"), ours);
    }

    @Test
    void theStepAtTheSgFailsOnBackpropsProfileAndOnAnUntrainedNetwork() {
        assertFalse(onControl(p -> p.swapped(StudiedMethod.BACKPROP, StudiedMethod.SINGLE_SG)).get(1).holds());
        assertFalse(onControl(p -> untrained()).get(1).holds());
    }

    @Test
    void anOwnRepresentationBelowTheSgFailsOnBackpropsProfile() {
        assertFalse(onControl(p -> p.swapped(StudiedMethod.BACKPROP, StudiedMethod.SINGLE_SG)).get(2).holds());
        // nor does it hold when backprop itself is still far from its last layer there
        assertFalse(onControl(p -> p.swapped(StudiedMethod.SG_EVERYWHERE, StudiedMethod.BACKPROP)).get(2).holds());
    }

    @Test
    void keepsEvolvingFailsOnBackpropsPlateauAndOnShuffledLayers() {
        assertFalse(onControl(p -> p.swapped(StudiedMethod.BACKPROP, StudiedMethod.SG_EVERYWHERE)).get(3).holds());
        assertFalse(onControl(p -> p.shuffled(REVERSED)).get(3).holds());
    }

    @Test
    void dfasEarlyRepresentationFailsOnBackpropsProfileAndOnAnUntrainedNetwork() {
        assertFalse(onControl(p -> p.swapped(StudiedMethod.BACKPROP, StudiedMethod.DFA)).get(4).holds());
        assertFalse(onControl(p -> untrained()).get(4).holds());
    }

    @Test
    void seedsCountOneByOneButTheVerdictIsOnTheMean() {
        // one seed's single-SG profile without the step: the mean keeps the step, two of three seeds hold
        DistanceProfiles flat = SEEDS.get(2).swapped(StudiedMethod.BACKPROP, StudiedMethod.SINGLE_SG);
        Claim step = claims(List.of(SEEDS.get(0), SEEDS.get(1), flat), trained()).get(1);
        assertTrue(step.holds(), step.ours());
        assertTrue(step.ours().contains("held on 2 of 3"), step.ours());
    }

    @Test
    void aNetworkUnderTheBarMakesOnlyTheClaimsThatReadItNotCount() {
        Map<String, Double> accuracy = trained();
        accuracy.put(StudiedMethod.SG_EVERYWHERE.label(), 0.60);
        List<Claim> claims = claims(SEEDS, accuracy);
        assertFalse(claims.get(3).holds());
        assertTrue(claims.get(3).ours().contains("not counted: SG everywhere reached 60.0% < 85%"),
                claims.get(3).ours());
        for (int i : new int[] {0, 1, 2, 4}) {
            assertTrue(claims.get(i).holds(), claims.get(i).ours());
        }
    }
}
