package org.errorprop.experiments.reproduce.representations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.experiments.reproduce.TrainedNetworkBar;

/**
 * The findings of Supp. Fig. 8, tested on the probe curves; seeds combine as {@link SeededClaims} says
 * (judged on the seeds' mean curves). Thresholds, fixed from the paper's wording:
 * <ul>
 *   <li>{@value #PERFECT}: "100% training accuracy", allowing one error in a thousand because the probe
 *       minimises an L2-penalised loss, whose optimum may give up a borderline example for a smaller
 *       weight norm. A 100% claim counts only when the raw-pixel probe on the same digits stays below it:
 *       otherwise the digits are separable already in pixel space and a layer's 100% cannot show;</li>
 *   <li>{@value #SIMILAR_FRACTION}: backprop's and the single SG's curves "very similar" when their mean
 *       gap over the probed layers is less than half of backprop's gap to DFA's curve and to the raw-pixel
 *       probe (the curves the paper shows as different), so that DFA's or the pixels' curve in the single
 *       SG's place fails it;</li>
 *   <li>{@value DissimilarityClaims#JUMP_FACTOR}: "two regimes" when the regressor's error changes across
 *       the SG by at least twice the median change between other neighbouring layers (the same test as
 *       Figure 3's step);</li>
 *   <li>{@value #EARLY_FACTOR}: DFA "many non-linear transformations very early" when its layer-1
 *       reconstruction error is at least 10% above backprop's, so that run-to-run noise does not decide.</li>
 * </ul>
 */
final class ProbeClaims {
    static final double PERFECT = 0.999;
    static final double SIMILAR_FRACTION = 0.5;
    static final double EARLY_FACTOR = 1.1;

    private ProbeClaims() {
    }

    /**
     * @param seeds            each seed's curves
     * @param classifierLayers the layers the classifier probe ran at
     * @param pixelAccuracy    the classifier probe's training accuracy on the raw pixels of the same digits
     * @param examples         the probe's training digits
     * @param boundary         the single SG's boundary
     * @param bar              the trained-network bar
     * @param lowestAccuracy   each method's lowest test accuracy over its seeds, by label
     */
    static List<Claim> of(List<ProbeProfiles> seeds, List<Integer> classifierLayers, double pixelAccuracy,
                          int examples, int boundary, TrainedNetworkBar bar, Map<String, Double> lowestAccuracy) {
        ProbeProfiles mean = ProbeProfiles.mean(seeds);
        int last = mean.reconstruction(StudiedMethod.BACKPROP).layers();
        SeededClaims<ProbeProfiles> judge = new SeededClaims<>(mean, seeds, bar, lowestAccuracy);
        String seedClause = SeededClaims.seedClause(seeds.size(), bar);
        String backprop = StudiedMethod.BACKPROP.label();
        String single = StudiedMethod.SINGLE_SG.label();
        String dfa = StudiedMethod.DFA.label();
        List<Integer> fromTwo = classifierLayers.stream().filter(l -> l >= 2).toList();
        String probedFromTwo = fromTwo.size() == last - 1 ? "every layer 2.." + last
                : "every probed layer 2.." + last + " (" + fromTwo.stream().map(String::valueOf)
                .collect(Collectors.joining(", ")) + ")";
        String pixelClause = String.format(Locale.ROOT, "; counted only if the raw-pixel probe on the same digits"
                + " stays below %s", PERFECT);
        String pixelsSeparable = pixelAccuracy >= PERFECT ? String.format(Locale.ROOT, "the raw-pixel probe on the"
                + " same %,d digits already reaches %s ≥ %.1f%%, so a layer's 100%% cannot show", examples,
                SettingsSection.percent(pixelAccuracy), 100 * PERFECT) : null;
        SeededClaims.Control<ProbeProfiles> pixelsAsSingle = new SeededClaims.Control<>(
                "raw pixels as single SG's curve", mean.withPixelAccuracy(StudiedMethod.SINGLE_SG, pixelAccuracy));
        List<Claim> claims = new ArrayList<>();

        claims.add(judge.claim("Single SG: the classifier probe reaches 100% training accuracy after the first two "
                        + "hidden layers, as with backprop", "100% from layer 2, Supp. Fig. 8",
                "probe training accuracy ≥ " + PERFECT + " at " + probedFromTwo + pixelClause + seedClause,
                "lowest accuracy", p -> perfectFromTwo(p, fromTwo, examples, pixelAccuracy), List.of(single),
                List.of(pixelsAsSingle, new SeededClaims.Control<>("DFA's curves as single SG's",
                        mean.swapped(StudiedMethod.DFA, StudiedMethod.SINGLE_SG))), pixelsSeparable));

        claims.add(judge.claim("DFA: the classifier probe reaches 100% after the very first hidden layer",
                "100% at layer 1, Supp. Fig. 8",
                "probe training accuracy at layer 1 ≥ " + PERFECT + " for DFA and < " + PERFECT + " for backprop"
                        + " (\"which even backprop does not\")" + pixelClause + seedClause,
                "DFA's layer-1 accuracy", p -> dfaPerfectFirst(p, examples, pixelAccuracy), List.of(dfa, backprop),
                List.of(new SeededClaims.Control<>("backprop's curves as DFA's",
                        mean.swapped(StudiedMethod.BACKPROP, StudiedMethod.DFA))), pixelsSeparable));

        claims.add(judge.claim("Backprop and single-SG classifier probe curves are very similar",
                "qualitative, Supp. Fig. 8",
                "mean over the probed layers of |backprop − single SG| accuracy < " + SIMILAR_FRACTION
                        + " × the same gap between backprop and DFA and < " + SIMILAR_FRACTION
                        + " × the gap between backprop and the raw-pixel probe" + seedClause,
                "backprop-single SG gap", p -> similar(p, classifierLayers, pixelAccuracy),
                List.of(backprop, single, dfa),
                List.of(new SeededClaims.Control<>("DFA's curves as single SG's",
                        mean.swapped(StudiedMethod.DFA, StudiedMethod.SINGLE_SG)), pixelsAsSingle), null));

        claims.add(judge.claim("Single SG: the regressor probe shows two regimes, before and after the SG",
                "qualitative, Supp. Fig. 8",
                "change of MSE across boundary " + boundary + " ≥ " + DissimilarityClaims.JUMP_FACTOR
                        + " × the median change between other neighbouring layers" + seedClause,
                "ratio", p -> twoRegimes(p, boundary, last), List.of(single),
                List.of(new SeededClaims.Control<>("backprop's curves as single SG's",
                        mean.swapped(StudiedMethod.BACKPROP, StudiedMethod.SINGLE_SG))), null));

        claims.add(judge.claim("DFA performs many non-linear transformations very early",
                "qualitative, Supp. Fig. 8",
                "regressor MSE at layer 1: DFA ≥ " + EARLY_FACTOR + " × backprop" + seedClause,
                "ratio", ProbeClaims::dfaEarly, List.of(dfa, backprop),
                List.of(new SeededClaims.Control<>("backprop's curves as DFA's",
                        mean.swapped(StudiedMethod.BACKPROP, StudiedMethod.DFA))), null));
        return claims;
    }

    static SeededClaims.Outcome perfectFromTwo(ProbeProfiles p, List<Integer> fromTwo, int examples,
                                               double pixelAccuracy) {
        LayerProfile single = p.accuracy(StudiedMethod.SINGLE_SG);
        double worst = fromTwo.stream().mapToDouble(single::at).min().orElseThrow();
        return new SeededClaims.Outcome(worst >= PERFECT, String.format(Locale.ROOT,
                "lowest over the probed layers 2..%d: %s, %s of %,d digits wrong (layer 2: %s); raw-pixel probe %s",
                single.layers(), SettingsSection.percent(worst), wrong(worst, examples), examples,
                SettingsSection.percent(single.at(2)), SettingsSection.percent(pixelAccuracy)), worst);
    }

    static SeededClaims.Outcome dfaPerfectFirst(ProbeProfiles p, int examples, double pixelAccuracy) {
        double dfa = p.accuracy(StudiedMethod.DFA).at(1);
        double backprop = p.accuracy(StudiedMethod.BACKPROP).at(1);
        return new SeededClaims.Outcome(dfa >= PERFECT && backprop < PERFECT, String.format(Locale.ROOT,
                "%s, %s of %,d digits wrong (backprop's layer 1: %s); raw-pixel probe %s",
                SettingsSection.percent(dfa), wrong(dfa, examples), examples, SettingsSection.percent(backprop),
                SettingsSection.percent(pixelAccuracy)), dfa);
    }

    static SeededClaims.Outcome similar(ProbeProfiles p, List<Integer> layers, double pixelAccuracy) {
        LayerProfile backprop = p.accuracy(StudiedMethod.BACKPROP);
        double toSingle = meanGap(backprop, p.accuracy(StudiedMethod.SINGLE_SG), layers);
        double toDfa = meanGap(backprop, p.accuracy(StudiedMethod.DFA), layers);
        double toPixels = layers.stream().mapToDouble(l -> Math.abs(backprop.at(l) - pixelAccuracy)).average()
                .orElseThrow();
        return new SeededClaims.Outcome(toSingle < SIMILAR_FRACTION * toDfa && toSingle < SIMILAR_FRACTION * toPixels,
                String.format(Locale.ROOT, "mean gap to single SG %.4f, to DFA %.4f, to raw pixels %.4f", toSingle,
                        toDfa, toPixels), toSingle);
    }

    static SeededClaims.Outcome twoRegimes(ProbeProfiles p, int boundary, int last) {
        LayerProfile regression = p.reconstruction(StudiedMethod.SINGLE_SG);
        double step = regression.stepAcross(boundary);
        double typical = regression.medianStepExcept(boundary);
        return new SeededClaims.Outcome(step >= DissimilarityClaims.JUMP_FACTOR * typical, String.format(Locale.ROOT,
                "change %.5f vs median %.5f (ratio %.1f); slope %.5f per layer below, %.5f above", step, typical,
                step / typical, regression.slope(1, boundary), regression.slope(boundary + 1, last)), step / typical);
    }

    static SeededClaims.Outcome dfaEarly(ProbeProfiles p) {
        double dfaFirst = p.reconstruction(StudiedMethod.DFA).at(1);
        double backpropFirst = p.reconstruction(StudiedMethod.BACKPROP).at(1);
        return new SeededClaims.Outcome(dfaFirst >= EARLY_FACTOR * backpropFirst, String.format(Locale.ROOT,
                "DFA %.5f, backprop %.5f (ratio %.2f)", dfaFirst, backpropFirst, dfaFirst / backpropFirst),
                dfaFirst / backpropFirst);
    }

    private static double meanGap(LayerProfile a, LayerProfile b, List<Integer> layers) {
        return layers.stream().mapToDouble(l -> Math.abs(a.at(l) - b.at(l))).average().orElseThrow();
    }

    /** The number of misclassified examples behind a training accuracy, as a count ("8"). */
    private static String wrong(double accuracy, int examples) {
        return Long.toString(Math.round((1 - accuracy) * examples));
    }
}
