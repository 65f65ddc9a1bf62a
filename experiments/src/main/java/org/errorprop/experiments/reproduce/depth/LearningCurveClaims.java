package org.errorprop.experiments.reproduce.depth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.errorprop.experiments.report.SampleSpread;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.experiments.reproduce.TrainedNetworkBar;
import org.errorprop.framework.network.Activation;

/**
 * Figure 4's claims over seeds: per activation, "the SG models converge well" at every depth; and "sometimes
 * faster (e.g. 20- and 50-layer ReLU)" on the paper's named configurations. Each claim is judged on the mean
 * over the seeds, says on how many seeds it held, and counts only if every run of the networks it reads
 * trained ({@link TrainedNetworkBar}).
 */
final class LearningCurveClaims {
    /** The paper's examples of faster SG convergence: "e.g. 20- and 50-layer ReLU". */
    static final Set<Integer> NAMED_FASTER_DEPTHS = Set.of(20, 50);
    static final Activation NAMED_FASTER_ACTIVATION = Activation.RELU;

    private LearningCurveClaims() {
    }

    static List<Claim> of(List<Activation> activations, List<DepthComparison> comparisons, TrainedNetworkBar bar) {
        if (comparisons.isEmpty()) {
            throw new IllegalArgumentException("no configurations to judge");
        }
        List<Claim> claims = new ArrayList<>();
        for (Activation activation : activations) {
            List<DepthComparison> mine = comparisons.stream()
                    .filter(c -> c.network().activation() == activation).toList();
            claims.add(convergesWell(activation, mine, bar));
        }
        claims.add(faster(comparisons, bar));
        return claims;
    }

    /** The "converges well" criterion as printed, for {@code seeds} seeds and {@code classes} classes. */
    static String convergenceCriterion(int seeds, int classes, TrainedNetworkBar bar) {
        return String.format(Locale.ROOT, "per depth, on the mean over %d seeds (backprop and SG of one seed start"
                + " from the same weights): SG final test accuracy >= backprop's - 3 standard errors of the difference"
                + " (3 sqrt(2p(1-p)/n_test), p backprop's mean) and SG final training loss <= ln(%d)/4 = %.3f; %s",
                seeds, classes, ConvergenceCheck.lossCeiling(classes), bar.clause());
    }

    /** The "faster" criterion as printed, naming the paper's examples run at this scale. */
    static String fasterCriterion(List<String> named, int seeds, TrainedNetworkBar bar) {
        return String.format(Locale.ROOT, "for each of the paper's examples run at this scale (%s): backprop's minus"
                + " the SG's training loss at the end of the first quarter of training, paired by seed, is > 0 on the"
                + " mean over %d seeds by more than its standard error (sd/sqrt(%d)); %s",
                named.isEmpty() ? "none" : String.join(", ", named), seeds, seeds, bar.clause());
    }

    private static Claim convergesWell(Activation activation, List<DepthComparison> mine, TrainedNetworkBar bar) {
        int seeds = mine.get(0).seeds();
        int classes = mine.get(0).classes();
        boolean onMean = true;
        int heldSeeds = 0;
        List<String> parts = new ArrayList<>();
        for (DepthComparison c : mine) {
            double[] bp = c.ofBackprop(LearningCurve::finalTestAccuracy);
            double[] sg = c.ofSynthetic(LearningCurve::finalTestAccuracy);
            double[] loss = c.ofSynthetic(LearningCurve::finalTrainLoss);
            double margin = ConvergenceCheck.accuracyMargin(clamp(mean(bp)), c.testExamples());
            onMean &= mean(sg) >= mean(bp) - margin && mean(loss) <= ConvergenceCheck.lossCeiling(classes);
            parts.add(String.format(Locale.ROOT, "%s: SG %s vs BP %s (margin %.3f), SG loss %s",
                    c.network().label(), meanSd(sg), meanSd(bp), margin, meanSd(loss)));
        }
        for (int s = 0; s < seeds; s++) {
            boolean all = true;
            for (DepthComparison c : mine) {
                LearningCurve bp = c.backprop().get(s).curve();
                LearningCurve sg = c.synthetic().get(s).curve();
                all &= ConvergenceCheck.convergesWell(sg, bp, c.testExamples(), classes)
                        && bar.trained(bp.finalTestAccuracy()) && bar.trained(sg.finalTestAccuracy());
            }
            heldSeeds += all ? 1 : 0;
        }
        Map<String, Double> lowest = lowestAccuracies(mine);
        String ours = String.join("; ", parts) + String.format(Locale.ROOT, " (mean ± sd over %d seeds; held on %d"
                + " of %d)", seeds, heldSeeds, seeds) + bar.verdictNote(lowest);
        String name = LearningCurvesOverDepth.activationName(activation);
        return new Claim("With a single SG in the middle, " + name + " networks of every depth converge well",
                "qualitative, Figure 4", convergenceCriterion(seeds, classes, bar), ours,
                onMean && bar.allTrained(lowest));
    }

    private static Claim faster(List<DepthComparison> comparisons, TrainedNetworkBar bar) {
        int seeds = comparisons.get(0).seeds();
        List<DepthComparison> named = comparisons.stream()
                .filter(c -> c.network().activation() == NAMED_FASTER_ACTIVATION
                        && NAMED_FASTER_DEPTHS.contains(c.network().depth())).toList();
        List<String> names = named.stream().map(c -> c.network().label()).toList();
        String criterion = fasterCriterion(names, seeds, bar);
        String finding = "The SG models sometimes converge faster than backprop (e.g. 20- and 50-layer ReLU)";
        if (named.isEmpty()) {
            return new Claim(finding, "qualitative, Figure 4", criterion,
                    "none of the paper's examples (relu-20, relu-50) runs at this scale", false);
        }
        boolean onMean = true;
        List<String> parts = new ArrayList<>();
        for (DepthComparison c : named) {
            double[] lead = c.sgLeadAtCheckpoint();
            double standardError = SampleSpread.standardDeviation(lead) / Math.sqrt(lead.length);
            onMean &= mean(lead) > standardError;
            parts.add(String.format(Locale.ROOT, "%s: BP - SG loss at step %d = %s (standard error %.3f)",
                    c.network().label(), c.checkpoint(), meanSd(lead), standardError));
        }
        int heldSeeds = 0;
        for (int s = 0; s < seeds; s++) {
            boolean all = true;
            for (DepthComparison c : named) {
                all &= c.sgLeadAtCheckpoint()[s] > 0
                        && bar.trained(c.backprop().get(s).curve().finalTestAccuracy())
                        && bar.trained(c.synthetic().get(s).curve().finalTestAccuracy());
            }
            heldSeeds += all ? 1 : 0;
        }
        List<String> aheadElsewhere = comparisons.stream().filter(c -> !named.contains(c))
                .filter(c -> mean(c.sgLeadAtCheckpoint()) > 0).map(c -> c.network().label()).toList();
        Map<String, Double> lowest = lowestAccuracies(named);
        String ours = String.join("; ", parts) + String.format(Locale.ROOT, " (mean ± sd over %d seeds; held on %d"
                + " of %d); other configurations with SG ahead on the mean: %s", seeds, heldSeeds, seeds,
                aheadElsewhere.isEmpty() ? "none" : String.join(", ", aheadElsewhere)) + bar.verdictNote(lowest);
        return new Claim(finding, "qualitative, Figure 4", criterion, ours, onMean && bar.allTrained(lowest));
    }

    /** Each network's lowest final test accuracy over its seeds, backprop's and the SG's runs apart. */
    private static Map<String, Double> lowestAccuracies(List<DepthComparison> comparisons) {
        Map<String, Double> lowest = new LinkedHashMap<>();
        for (DepthComparison c : comparisons) {
            lowest.put(c.network().label() + " " + StudiedMethod.BACKPROP.label(), c.lowestBackpropAccuracy());
            lowest.put(c.network().label() + " " + StudiedMethod.SINGLE_SG.label(), c.lowestSyntheticAccuracy());
        }
        return lowest;
    }

    /** A NaN mean accuracy (a diverged run) enters the margin as 0; the bar rejects the run anyway. */
    private static double clamp(double accuracy) {
        return Double.isNaN(accuracy) ? 0 : accuracy;
    }

    static double mean(double[] values) {
        return Arrays.stream(values).average().orElseThrow();
    }

    static String meanSd(double[] values) {
        return values.length > 1
                ? String.format(Locale.ROOT, "%.3f ± %.3f", mean(values), SampleSpread.standardDeviation(values))
                : String.format(Locale.ROOT, "%.3f", mean(values));
    }
}
