package org.errorprop.experiments.reproduce.representations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.StudiedMethod;

/**
 * The findings of Figure 3 (right) and Supp. Fig. 7, tested on the distance-to-last-layer profiles.
 * Distances are compared within one network relative to its layer-1 distance, because networks trained
 * differently have RDMs of different overall spread.
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

    static List<Claim> of(LayerDissimilarities measured, RepresentationSettings settings) {
        int last = measured.layers();
        int boundary = settings.sgBoundary();
        int by = plateauLayer(last);
        LayerProfile backprop = relative(measured, StudiedMethod.BACKPROP);
        LayerProfile single = relative(measured, StudiedMethod.SINGLE_SG);
        LayerProfile everywhere = relative(measured, StudiedMethod.SG_EVERYWHERE);
        List<Claim> claims = new ArrayList<>();

        int backpropPlateau = backprop.firstLayerStayingAtMost(NEAR_FINAL, last - 1);
        claims.add(new Claim("Backprop: after about 9 layers the representation is nearly that of the final layer",
                "qualitative, Figure 3 right (about 9 layers)",
                "distance to layer " + last + " stays ≤ " + NEAR_FINAL + " × layer 1's from some layer ≤ " + by
                        + " to layer " + (last - 1),
                String.format(Locale.ROOT, "stays below from layer %d; relative distance at layer %d = %.3f",
                        backpropPlateau, by, backprop.at(by)),
                backpropPlateau <= by));

        double jump = single.stepAcross(boundary);
        double typical = single.medianStepExcept(boundary);
        claims.add(new Claim("Single SG: the layers before and after the SG hold different representations",
                "qualitative, Figure 3 right (a step at the SG)",
                "change across boundary " + boundary + " ≥ " + JUMP_FACTOR
                        + " × the median change between other neighbouring layers (relative distances)",
                String.format(Locale.ROOT, "change %.3f vs median %.3f (ratio %.1f)", jump, typical, jump / typical),
                jump >= JUMP_FACTOR * typical));

        claims.add(new Claim("Single SG: the layers below the SG develop a representation of their own",
                "qualitative, Figure 3",
                "relative distance at layer " + boundary + " (just below the SG) > " + NEAR_FINAL
                        + " for the single-SG network while backprop's is ≤ " + NEAR_FINAL,
                String.format(Locale.ROOT, "single SG %.3f, backprop %.3f", single.at(boundary), backprop.at(boundary)),
                single.at(boundary) > NEAR_FINAL && backprop.at(boundary) <= NEAR_FINAL));

        double slope = everywhere.slope(by, last - 1);
        claims.add(new Claim("SG everywhere: the representation keeps evolving through all layers, no static plateau",
                "qualitative, Figure 3 right",
                "least-squares slope of the relative distance over layers " + by + ".." + (last - 1)
                        + " < 0 and relative distance at layer " + by + " > " + NEAR_FINAL,
                String.format(Locale.ROOT, "slope %.4f per layer, relative distance at layer %d = %.3f", slope, by,
                        everywhere.at(by)),
                slope < 0 && everywhere.at(by) > NEAR_FINAL));

        double dfaFirst = measured.distanceToLast(StudiedMethod.DFA).at(1);
        double backpropFirst = measured.distanceToLast(StudiedMethod.BACKPROP).at(1);
        claims.add(new Claim("DFA: the representation barely evolves after the first layer",
                "qualitative, Supp. Fig. 7",
                "DFA's layer-1 distance to layer " + last + " ≤ " + DFA_SMALL + " × backprop's",
                String.format(Locale.ROOT, "DFA %.2f, backprop %.2f (ratio %.2f)", dfaFirst, backpropFirst,
                        dfaFirst / backpropFirst),
                dfaFirst <= DFA_SMALL * backpropFirst));
        return claims;
    }

    /** A method's distance profile divided by its layer-1 distance. */
    static LayerProfile relative(LayerDissimilarities measured, StudiedMethod method) {
        LayerProfile absolute = measured.distanceToLast(method);
        return absolute.dividedBy(absolute.at(1));
    }
}
