package org.errorprop.experiments.reproduce.depth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import org.errorprop.experiments.report.SampleSpread;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.experiments.reproduce.TrainedNetworkBar;

/**
 * Figure 5's four claims over independent replicates (each method with its own initial weights per
 * replicate). A claim holds when its comparison holds on the replicates' mean numbers and the norms of
 * every method it reads moved enough ({@link NormMovement}) and every run of those methods trained
 * ({@link TrainedNetworkBar}). Beside each verdict: mean ± sd over the
 * replicates, on how many replicates it held, and the same numbers on the initial profiles (the control:
 * what the initialisation alone would give).
 */
final class WeightNormClaims {
    private WeightNormClaims() {
    }

    /**
     * @param finalTestAccuracies per method, its runs' final test accuracies (one per replicate)
     * @param bar                 the test accuracy a run must reach for a claim reading it to count
     */
    static List<Claim> of(List<NormProfiles> finals, List<NormProfiles> initials, NormMovement movement,
                          Map<StudiedMethod, double[]> finalTestAccuracies, TrainedNetworkBar bar) {
        if (finals.isEmpty() || finals.size() != initials.size()) {
            throw new IllegalArgumentException(finals.size() + " final and " + initials.size()
                    + " initial replicates");
        }
        int boundary = finals.get(0).boundary();
        int layers = finals.get(0).backprop().length;
        List<ProfileNumbers> trained = finals.stream().map(NormProfiles::numbers).toList();
        List<ProfileNumbers> start = initials.stream().map(NormProfiles::numbers).toList();
        Judge judge = new Judge(trained, start, movement, finalTestAccuracies, bar);
        // what every claim is judged on besides its own inequality (issue #14: the review found the shared initial
        // weights alone gave the earlier verdicts)
        String judged = String.format(Locale.ROOT, "; on the mean over %d seeds, each method and seed from its own"
                + " initial weights; counted only if every hidden layer's squared norm moved >= %.0f%% from its start"
                + " in every run of the methods read; %s", trained.size(), 100 * NormMovement.MINIMUM_RELATIVE_CHANGE,
                bar.clause());
        List<Claim> claims = new ArrayList<>();
        claims.add(new Claim("Backprop: norms increase slowly towards the output", "qualitative, Figure 5",
                "Spearman correlation of normalised norm with layer index > 0" + judged,
                judge.ours(ProfileNumbers::backpropRises, List.of(StudiedMethod.BACKPROP),
                        new Number("rho", ProfileNumbers::backpropTrend)),
                judge.holds(ProfileNumbers::backpropRises, List.of(StudiedMethod.BACKPROP))));
        List<StudiedMethod> everywhereAndBackprop = List.of(StudiedMethod.SG_EVERYWHERE, StudiedMethod.BACKPROP);
        claims.add(new Claim("SG at every layer: norms start high and decrease towards the output, with more"
                + " variance", "qualitative, Figure 5", "Spearman correlation with layer index < 0 and standard"
                + " deviation of the normalised profile larger than backprop's" + judged,
                judge.ours(ProfileNumbers::everywhereFallsWithMoreSpread, everywhereAndBackprop,
                        new Number("rho", ProfileNumbers::everywhereTrend),
                        new Number("sd", ProfileNumbers::everywhereSpread),
                        new Number("backprop's sd", ProfileNumbers::backpropSpread)),
                judge.holds(ProfileNumbers::everywhereFallsWithMoreSpread, everywhereAndBackprop)));
        List<StudiedMethod> singleAndBackprop = List.of(StudiedMethod.SINGLE_SG, StudiedMethod.BACKPROP);
        claims.add(new Claim("Single SG: after the SG the profile looks like backprop's", "qualitative, Figure 5",
                "Spearman correlation between single SG's and backprop's norms over layers " + (boundary + 1)
                        + ".." + layers + " > 0" + judged,
                judge.ours(ProfileNumbers::singleAgreesAbove, singleAndBackprop,
                        new Number("rho", ProfileNumbers::aboveAgreement)),
                judge.holds(ProfileNumbers::singleAgreesAbove, singleAndBackprop)));
        List<StudiedMethod> allThree = List.of(StudiedMethod.SINGLE_SG, StudiedMethod.SG_EVERYWHERE,
                StudiedMethod.BACKPROP);
        claims.add(new Claim("Single SG: before the SG the profile is chaotic, like SG*'s",
                "qualitative, Figure 5", "over layers 1.." + boundary + ", Spearman correlation of single SG's"
                        + " norms with SG*'s > with backprop's" + judged,
                judge.ours(ProfileNumbers::singleChaoticBelow, allThree,
                        new Number("rho with SG*", ProfileNumbers::belowWithEverywhere),
                        new Number("with backprop", ProfileNumbers::belowWithBackprop)),
                judge.holds(ProfileNumbers::singleChaoticBelow, allThree)));
        return claims;
    }

    /** A named number of {@link ProfileNumbers}, as it appears in the claims table. */
    private record Number(String name, ToDoubleFunction<ProfileNumbers> value) {
    }

    private record Judge(List<ProfileNumbers> trained, List<ProfileNumbers> start, NormMovement movement,
                         Map<StudiedMethod, double[]> accuracies, TrainedNetworkBar bar) {

        boolean holds(Predicate<ProfileNumbers> criterion, List<StudiedMethod> read) {
            return criterion.test(ProfileNumbers.mean(trained)) && movement.enough(read)
                    && bar.allTrained(lowestAccuracies(read));
        }

        /** Each read method's lowest final test accuracy over its replicates (NaN if any run diverged). */
        Map<String, Double> lowestAccuracies(List<StudiedMethod> read) {
            Map<String, Double> lowest = new LinkedHashMap<>();
            for (StudiedMethod method : read) {
                double[] values = accuracies.get(method);
                if (values == null || values.length == 0) {
                    throw new IllegalArgumentException("no test accuracies of " + method);
                }
                double min = Double.POSITIVE_INFINITY;
                for (double v : values) {
                    min = Double.isNaN(v) || Double.isNaN(min) ? Double.NaN : Math.min(min, v);
                }
                lowest.put(method.label(), min);
            }
            return lowest;
        }

        String ours(Predicate<ProfileNumbers> criterion, List<StudiedMethod> read, Number... numbers) {
            StringBuilder text = new StringBuilder(summary(trained, numbers));
            text.append(String.format(Locale.ROOT, " (mean ± sd over %d seeds; held on %d of %d); initial profiles"
                    + " (control): ", trained.size(), count(trained, criterion), trained.size()));
            text.append(summary(start, numbers));
            text.append(String.format(Locale.ROOT, ", held on %d of %d", count(start, criterion), start.size()));
            StudiedMethod least = read.stream().min((a, b) -> Double.compare(movement.smallest(a),
                    movement.smallest(b))).orElseThrow();
            text.append(String.format(Locale.ROOT, "; smallest layer norm change %.1f%% (%s)",
                    100 * movement.smallest(least), least.label()));
            if (!movement.enough(read)) {
                text.append(String.format(Locale.ROOT, " < %.0f%%: not counted",
                        100 * NormMovement.MINIMUM_RELATIVE_CHANGE));
            }
            text.append(bar.verdictNote(lowestAccuracies(read)));
            return text.toString();
        }

        private static String summary(List<ProfileNumbers> replicates, Number... numbers) {
            List<String> parts = new ArrayList<>();
            for (Number number : numbers) {
                double[] values = ProfileNumbers.values(replicates, number.value());
                double mean = Arrays.stream(values).average().orElseThrow();
                String spread = values.length > 1
                        ? String.format(Locale.ROOT, " ± %.3f", SampleSpread.standardDeviation(values)) : "";
                parts.add(String.format(Locale.ROOT, "%s = %.3f%s", number.name(), mean, spread));
            }
            return String.join(", ", parts);
        }

        private static long count(List<ProfileNumbers> replicates, Predicate<ProfileNumbers> criterion) {
            return replicates.stream().filter(criterion).count();
        }
    }
}
