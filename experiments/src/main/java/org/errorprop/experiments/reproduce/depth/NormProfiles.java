package org.errorprop.experiments.reproduce.depth;

import java.util.Arrays;
import org.errorprop.experiments.report.SampleSpread;
import org.errorprop.experiments.reproduce.StudiedMethod;

/**
 * One replicate's three normalised squared-norm profiles for Figure 5 (index {@code i} is hidden layer
 * {@code i + 1}), either after training or at initialisation, with the single SG at {@code boundary}.
 */
record NormProfiles(double[] backprop, double[] single, double[] everywhere, int boundary) {

    NormProfiles {
        if (backprop.length != single.length || backprop.length != everywhere.length) {
            throw new IllegalArgumentException("profiles of different depths: " + backprop.length + ", "
                    + single.length + ", " + everywhere.length);
        }
        if (boundary < 2 || boundary > backprop.length - 2) {
            throw new IllegalArgumentException("the claims need at least two layers on each side of boundary "
                    + boundary + " in " + backprop.length + " layers");
        }
        backprop = backprop.clone();
        single = single.clone();
        everywhere = everywhere.clone();
    }

    double[] of(StudiedMethod method) {
        return switch (method) {
            case BACKPROP -> backprop.clone();
            case SINGLE_SG -> single.clone();
            case SG_EVERYWHERE -> everywhere.clone();
            case DFA -> throw new IllegalArgumentException("Figure 5 does not study DFA");
        };
    }

    /** Layers {@code boundary + 1 .. h}: above the single synthesizer. */
    static double[] above(double[] profile, int boundary) {
        return Arrays.copyOfRange(profile, boundary, profile.length);
    }

    /** Layers {@code 1 .. boundary}: below the single synthesizer (the layers it trains). */
    static double[] below(double[] profile, int boundary) {
        return Arrays.copyOfRange(profile, 0, boundary);
    }

    /** The numbers the claims are judged by, on these profiles. */
    ProfileNumbers numbers() {
        return new ProfileNumbers(ProfileStatistics.trend(backprop), ProfileStatistics.trend(everywhere),
                SampleSpread.standardDeviation(everywhere), SampleSpread.standardDeviation(backprop),
                ProfileStatistics.spearman(above(single, boundary), above(backprop, boundary)),
                ProfileStatistics.spearman(below(single, boundary), below(everywhere, boundary)),
                ProfileStatistics.spearman(below(single, boundary), below(backprop, boundary)));
    }
}
