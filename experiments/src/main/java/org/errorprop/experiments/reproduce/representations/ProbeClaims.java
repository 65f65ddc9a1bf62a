package org.errorprop.experiments.reproduce.representations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.StudiedMethod;

/**
 * The findings of Supp. Fig. 8, tested on the probe profiles. Thresholds, fixed from the paper's
 * wording:
 * <ul>
 *   <li>{@value #PERFECT}: "100% training accuracy", allowing one error in a thousand because the probe
 *       minimises an L2-penalised loss, whose optimum may give up a borderline example for a smaller
 *       weight norm;</li>
 *   <li>{@value #SIMILAR}: backprop's and the single SG's probe curves "very similar" when no layer
 *       differs by more than two percentage points;</li>
 *   <li>{@value DissimilarityClaims#JUMP_FACTOR}: "two regimes" when the regressor's error changes across
 *       the SG by at least twice the median change between other neighbouring layers (the same test as
 *       Figure 3's step);</li>
 *   <li>{@value #EARLY_FACTOR}: DFA "many non-linear transformations very early" when its layer-1
 *       reconstruction error is at least 10% above backprop's, so that run-to-run noise does not decide.</li>
 * </ul>
 */
final class ProbeClaims {
    static final double PERFECT = 0.999;
    static final double SIMILAR = 0.02;
    static final double EARLY_FACTOR = 1.1;

    private ProbeClaims() {
    }

    static List<Claim> of(LayerProbes probes, RepresentationSettings settings) {
        int last = settings.hiddenLayers();
        int boundary = settings.sgBoundary();
        LayerProfile backprop = probes.accuracy().get(StudiedMethod.BACKPROP);
        LayerProfile single = probes.accuracy().get(StudiedMethod.SINGLE_SG);
        LayerProfile dfa = probes.accuracy().get(StudiedMethod.DFA);
        List<Claim> claims = new ArrayList<>();
        String baseline = String.format(Locale.ROOT, "; raw-pixel probe %s", SettingsSection.percent(
                probes.pixelAccuracy()));

        double singleWorst = minimum(single, 2, last);
        claims.add(new Claim("Single SG: the classifier probe reaches 100% training accuracy after the first two "
                        + "hidden layers, as with backprop",
                "100% from layer 2, Supp. Fig. 8",
                "probe training accuracy ≥ " + PERFECT + " at every layer 2.." + last,
                String.format(Locale.ROOT, "lowest over layers 2..%d: %s, %s of %,d digits wrong (layer 2: %s)%s",
                        last, SettingsSection.percent(singleWorst), wrong(singleWorst, probes.examples()),
                        probes.examples(), SettingsSection.percent(single.at(2)), baseline),
                singleWorst >= PERFECT));

        claims.add(new Claim("DFA: the classifier probe reaches 100% after the very first hidden layer",
                "100% at layer 1, Supp. Fig. 8",
                "probe training accuracy at layer 1 ≥ " + PERFECT,
                String.format(Locale.ROOT, "%s, %s of %,d digits wrong (backprop's layer 1: %s)%s",
                        SettingsSection.percent(dfa.at(1)), wrong(dfa.at(1), probes.examples()), probes.examples(),
                        SettingsSection.percent(backprop.at(1)), baseline),
                dfa.at(1) >= PERFECT));

        double largest = 0;
        int where = 1;
        for (int l = 1; l <= last; l++) {
            double gap = Math.abs(backprop.at(l) - single.at(l));
            if (gap > largest) {
                largest = gap;
                where = l;
            }
        }
        claims.add(new Claim("Backprop and single-SG classifier probe curves are very similar",
                "qualitative, Supp. Fig. 8",
                "|accuracy difference| ≤ " + SIMILAR + " at every layer",
                String.format(Locale.ROOT, "largest difference %.3f (layer %d)", largest, where),
                largest <= SIMILAR));

        LayerProfile regression = probes.reconstruction().get(StudiedMethod.SINGLE_SG);
        double step = regression.stepAcross(boundary);
        double typical = regression.medianStepExcept(boundary);
        claims.add(new Claim("Single SG: the regressor probe shows two regimes, before and after the SG",
                "qualitative, Supp. Fig. 8",
                "change of MSE across boundary " + boundary + " ≥ " + DissimilarityClaims.JUMP_FACTOR
                        + " × the median change between other neighbouring layers",
                String.format(Locale.ROOT, "change %.5f vs median %.5f (ratio %.1f); slope %.5f per layer below, "
                                + "%.5f above", step, typical, step / typical, regression.slope(1, boundary),
                        regression.slope(boundary + 1, last)),
                step >= DissimilarityClaims.JUMP_FACTOR * typical));

        double dfaFirst = probes.reconstruction().get(StudiedMethod.DFA).at(1);
        double backpropFirst = probes.reconstruction().get(StudiedMethod.BACKPROP).at(1);
        claims.add(new Claim("DFA performs many non-linear transformations very early",
                "qualitative, Supp. Fig. 8",
                "regressor MSE at layer 1: DFA ≥ " + EARLY_FACTOR + " × backprop",
                String.format(Locale.ROOT, "DFA %.5f, backprop %.5f (ratio %.2f)", dfaFirst, backpropFirst,
                        dfaFirst / backpropFirst),
                dfaFirst >= EARLY_FACTOR * backpropFirst));
        return claims;
    }

    /** The number of misclassified examples behind a training accuracy, as a count ("8"). */
    private static String wrong(double accuracy, int examples) {
        return Long.toString(Math.round((1 - accuracy) * examples));
    }

    private static double minimum(LayerProfile profile, int from, int to) {
        double lowest = Double.POSITIVE_INFINITY;
        for (int l = from; l <= to; l++) {
            lowest = Math.min(lowest, profile.at(l));
        }
        return lowest;
    }
}
