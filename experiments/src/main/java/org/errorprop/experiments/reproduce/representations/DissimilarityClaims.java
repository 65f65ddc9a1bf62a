package org.errorprop.experiments.reproduce.representations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.experiments.reproduce.TrainedNetworkBar;

/**
 * The findings of Figure 3 (right) and Supp. Fig. 7, tested on the distance-to-last-layer profiles.
 * Distances are compared within one network relative to its layer-1 distance, because networks trained
 * differently have RDMs of different overall spread. Seeds combine as {@link SeededClaims} says: judged on
 * the seeds' mean profiles; beside each verdict the controls it should fail on (the untrained networks,
 * layers shuffled, another method's profile in place of the one read).
 *
 * <p>The thresholds are fixed from the paper's wording, not from our data:
 * <ul>
 *   <li>{@value #NEAR_FINAL}: "nearly that of the final layer" read as within a quarter of the first
 *       layer's distance;</li>
 *   <li>layer {@code ⌈L/2⌉} (10 of 20): "after about 9 layers", with one layer of slack;</li>
 *   <li>{@value #JUMP_FACTOR}: a change at the SG boundary counts as a jump when it is at least twice
 *       the median change between neighbouring layers elsewhere;</li>
 *   <li>{@value #DFA_SMALL}: DFA's layer 1 "barely evolves" towards the last layer when its distance is
 *       at most half of backprop's.</li>
 * </ul>
 */
final class DissimilarityClaims {
    static final double NEAR_FINAL = 0.25;
    static final double JUMP_FACTOR = 2.0;
    static final double DFA_SMALL = 0.5;

    private DissimilarityClaims() {
    }

    static int plateauLayer(int layers) {
        return (layers + 1) / 2;
    }

    /**
     * @param seeds          each seed's profiles of the trained networks
     * @param untrained      the seeds' mean profiles of the networks they started from (a control)
     * @param shuffleOrder   the permutation of layers 1..L−1 of the shuffled-layers control
     * @param boundary       the single SG's boundary
     * @param bar            the trained-network bar
     * @param lowestAccuracy each method's lowest test accuracy over its seeds, by label
     */
    static List<Claim> of(List<DistanceProfiles> seeds, DistanceProfiles untrained, int[] shuffleOrder, int boundary,
                          TrainedNetworkBar bar, Map<String, Double> lowestAccuracy) {
        DistanceProfiles mean = DistanceProfiles.mean(seeds);
        int last = mean.layers();
        int by = plateauLayer(last);
        SeededClaims<DistanceProfiles> judge = new SeededClaims<>(mean, seeds, bar, lowestAccuracy);
        String seedClause = SeededClaims.seedClause(seeds.size(), bar);
        SeededClaims.Control<DistanceProfiles> untrainedControl =
                new SeededClaims.Control<>("untrained networks", untrained);
        SeededClaims.Control<DistanceProfiles> shuffledControl =
                new SeededClaims.Control<>("layers shuffled", mean.shuffled(shuffleOrder));
        List<Claim> claims = new ArrayList<>();
        String backprop = StudiedMethod.BACKPROP.label();
        String single = StudiedMethod.SINGLE_SG.label();
        String everywhere = StudiedMethod.SG_EVERYWHERE.label();
        String dfa = StudiedMethod.DFA.label();

        claims.add(judge.claim("Backprop: after about 9 layers the representation is nearly that of the final layer",
                "qualitative, Figure 3 right (about 9 layers)",
                "distance to layer " + last + " stays ≤ " + NEAR_FINAL + " × layer 1's from some layer ≤ " + by
                        + " to layer " + (last - 1) + seedClause, "first layer of the plateau",
                p -> backpropPlateau(p, by), List.of(backprop), List.of(untrainedControl, shuffledControl,
                        swap(mean, StudiedMethod.SG_EVERYWHERE, StudiedMethod.BACKPROP)), null));

        claims.add(judge.claim("Single SG: the layers before and after the SG hold different representations",
                "qualitative, Figure 3 right (a step at the SG)",
                "change across boundary " + boundary + " ≥ " + JUMP_FACTOR
                        + " × the median change between other neighbouring layers (relative distances)" + seedClause,
                "ratio", p -> stepAtSg(p, boundary), List.of(single), List.of(untrainedControl, shuffledControl,
                        swap(mean, StudiedMethod.BACKPROP, StudiedMethod.SINGLE_SG)), null));

        claims.add(judge.claim("Single SG: the layers below the SG develop a representation of their own",
                "qualitative, Figure 3",
                "relative distance at layer " + boundary + " (just below the SG) > " + NEAR_FINAL
                        + " for the single-SG network while backprop's is ≤ " + NEAR_FINAL + seedClause,
                "single SG's relative distance", p -> ownBelowSg(p, boundary), List.of(single, backprop),
                List.of(untrainedControl, shuffledControl, swap(mean, StudiedMethod.BACKPROP,
                        StudiedMethod.SINGLE_SG)), null));

        claims.add(judge.claim("SG everywhere: the representation keeps evolving through all layers, no static plateau",
                "qualitative, Figure 3 right",
                "least-squares slope of the relative distance over layers " + by + ".." + (last - 1)
                        + " < 0 and relative distance at layer " + by + " > " + NEAR_FINAL + seedClause,
                "relative distance at layer " + by, p -> keepsEvolving(p, by, last), List.of(everywhere),
                List.of(untrainedControl, shuffledControl, swap(mean, StudiedMethod.BACKPROP,
                        StudiedMethod.SG_EVERYWHERE)), null));

        claims.add(judge.claim("DFA: the representation barely evolves after the first layer",
                "qualitative, Supp. Fig. 7",
                "DFA's layer-1 distance to layer " + last + " ≤ " + DFA_SMALL + " × backprop's" + seedClause,
                "ratio", DissimilarityClaims::dfaEarly, List.of(dfa, backprop), List.of(untrainedControl,
                        shuffledControl, swap(mean, StudiedMethod.BACKPROP, StudiedMethod.DFA)), null));
        return claims;
    }

    private static SeededClaims.Control<DistanceProfiles> swap(DistanceProfiles mean, StudiedMethod from,
                                                               StudiedMethod to) {
        return new SeededClaims.Control<>(from.label() + "'s profile as " + to.label() + "'s", mean.swapped(from, to));
    }

    static SeededClaims.Outcome backpropPlateau(DistanceProfiles p, int by) {
        LayerProfile backprop = p.relative(StudiedMethod.BACKPROP);
        int last = p.layers();
        int plateau = backprop.firstLayerStayingAtMost(NEAR_FINAL, last - 1);
        return new SeededClaims.Outcome(plateau <= by, String.format(Locale.ROOT,
                "stays below from layer %d; relative distance at layer %d = %.3f", plateau, by, backprop.at(by)),
                plateau);
    }

    static SeededClaims.Outcome stepAtSg(DistanceProfiles p, int boundary) {
        LayerProfile single = p.relative(StudiedMethod.SINGLE_SG);
        double jump = single.stepAcross(boundary);
        double typical = single.medianStepExcept(boundary);
        return new SeededClaims.Outcome(jump >= JUMP_FACTOR * typical, String.format(Locale.ROOT,
                "change %.3f vs median %.3f (ratio %.1f)", jump, typical, jump / typical), jump / typical);
    }

    static SeededClaims.Outcome ownBelowSg(DistanceProfiles p, int boundary) {
        double single = p.relative(StudiedMethod.SINGLE_SG).at(boundary);
        double backprop = p.relative(StudiedMethod.BACKPROP).at(boundary);
        return new SeededClaims.Outcome(single > NEAR_FINAL && backprop <= NEAR_FINAL, String.format(Locale.ROOT,
                "single SG %.3f, backprop %.3f", single, backprop), single);
    }

    static SeededClaims.Outcome keepsEvolving(DistanceProfiles p, int by, int last) {
        LayerProfile everywhere = p.relative(StudiedMethod.SG_EVERYWHERE);
        double slope = everywhere.slope(by, last - 1);
        return new SeededClaims.Outcome(slope < 0 && everywhere.at(by) > NEAR_FINAL, String.format(Locale.ROOT,
                "slope %.4f per layer, relative distance at layer %d = %.3f", slope, by, everywhere.at(by)),
                everywhere.at(by));
    }

    static SeededClaims.Outcome dfaEarly(DistanceProfiles p) {
        double dfaFirst = p.absolute(StudiedMethod.DFA).at(1);
        double backpropFirst = p.absolute(StudiedMethod.BACKPROP).at(1);
        return new SeededClaims.Outcome(dfaFirst <= DFA_SMALL * backpropFirst, String.format(Locale.ROOT,
                "DFA %.2f, backprop %.2f (ratio %.2f)", dfaFirst, backpropFirst, dfaFirst / backpropFirst),
                dfaFirst / backpropFirst);
    }
}
