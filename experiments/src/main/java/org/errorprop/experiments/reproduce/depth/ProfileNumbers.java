package org.errorprop.experiments.reproduce.depth;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The numbers Figure 5's four claims are judged by, for one replicate (or their means over replicates),
 * and each claim's verdict on them. A NaN (a constant profile has no ranking) fails every comparison.
 *
 * @param backpropTrend       Spearman correlation of backprop's profile with the layer index
 * @param everywhereTrend     the same for SG everywhere
 * @param everywhereSpread    standard deviation of SG everywhere's normalised profile
 * @param backpropSpread      the same for backprop
 * @param aboveAgreement      Spearman correlation of single SG's and backprop's profiles above the SG
 * @param belowWithEverywhere Spearman correlation of single SG's and SG everywhere's profiles below the SG
 * @param belowWithBackprop   Spearman correlation of single SG's and backprop's profiles below the SG
 */
record ProfileNumbers(double backpropTrend, double everywhereTrend, double everywhereSpread, double backpropSpread,
                      double aboveAgreement, double belowWithEverywhere, double belowWithBackprop) {

    boolean backpropRises() {
        return backpropTrend > 0;
    }

    boolean everywhereFallsWithMoreSpread() {
        return everywhereTrend < 0 && everywhereSpread > backpropSpread;
    }

    boolean singleAgreesAbove() {
        return aboveAgreement > 0;
    }

    boolean singleChaoticBelow() {
        return belowWithEverywhere > belowWithBackprop;
    }

    /** Each number averaged over the replicates. */
    static ProfileNumbers mean(List<ProfileNumbers> replicates) {
        return new ProfileNumbers(average(replicates, ProfileNumbers::backpropTrend),
                average(replicates, ProfileNumbers::everywhereTrend),
                average(replicates, ProfileNumbers::everywhereSpread),
                average(replicates, ProfileNumbers::backpropSpread),
                average(replicates, ProfileNumbers::aboveAgreement),
                average(replicates, ProfileNumbers::belowWithEverywhere),
                average(replicates, ProfileNumbers::belowWithBackprop));
    }

    /** One number over the replicates, for mean ± sd. */
    static double[] values(List<ProfileNumbers> replicates, ToDoubleFunction<ProfileNumbers> number) {
        return replicates.stream().mapToDouble(number).toArray();
    }

    private static double average(List<ProfileNumbers> replicates, ToDoubleFunction<ProfileNumbers> number) {
        if (replicates.isEmpty()) {
            throw new IllegalArgumentException("no replicates to average");
        }
        return replicates.stream().mapToDouble(number).average().orElseThrow();
    }
}
