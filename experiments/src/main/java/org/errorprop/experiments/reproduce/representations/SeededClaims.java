package org.errorprop.experiments.reproduce.representations;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.errorprop.experiments.report.SampleSpread;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.TrainedNetworkBar;

/**
 * How Figure 3's and Supp. Fig. 8's claims combine seeds: a criterion is judged on the seeds' mean
 * measurement (the mean profile of each method), counted only if every run of the networks it reads reached
 * the {@link TrainedNetworkBar}, and reported with its key number as mean ± sd over the seeds, the number of
 * seeds on which it held alone, and its verdict on controls (inputs on which it should fail).
 *
 * @param <T> the measurement a criterion reads (one seed's profiles, or their mean)
 */
final class SeededClaims<T> {
    /** What a criterion says of one measurement: whether it held, its numbers in words, its key number. */
    record Outcome(boolean holds, String text, double key) {
    }

    /** A control: a measurement on which the criterion should fail, by name ("untrained networks"). */
    record Control<T>(String name, T measured) {
    }

    private final T mean;
    private final List<T> seeds;
    private final TrainedNetworkBar bar;
    private final Map<String, Double> lowestAccuracy;

    /**
     * @param mean           the seeds' mean measurement, the one every verdict is judged on
     * @param seeds          each seed's measurement
     * @param bar            the trained-network bar of this scale
     * @param lowestAccuracy each network's lowest test accuracy over its seeds, by label
     */
    SeededClaims(T mean, List<T> seeds, TrainedNetworkBar bar, Map<String, Double> lowestAccuracy) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds");
        }
        this.mean = mean;
        this.seeds = List.copyOf(seeds);
        this.bar = bar;
        this.lowestAccuracy = Map.copyOf(lowestAccuracy);
    }

    /** The clause every criterion ends with: how seeds combine and the trained-network bar. */
    static String seedClause(int seeds, TrainedNetworkBar bar) {
        return String.format(Locale.ROOT, "; on the mean over %d seeds (each method and seed from its own initial"
                + " weights); %s", seeds, bar.clause());
    }

    /**
     * The claim: {@code criterion} judged on the mean, with {@code keyName}'s mean ± sd over seeds, "held on k
     * of n", each control's verdict, and whether the networks in {@code read} trained.
     *
     * @param extraCount an extra condition for the claim to count (null for none): its note when it fails
     */
    Claim claim(String finding, String paper, String criterionText, String keyName, Function<T, Outcome> criterion,
                List<String> read, List<Control<T>> controls, String extraCount) {
        Outcome onMean = criterion.apply(mean);
        double[] keys = seeds.stream().mapToDouble(s -> criterion.apply(s).key()).toArray();
        long held = seeds.stream().filter(s -> criterion.apply(s).holds()).count();
        StringBuilder ours = new StringBuilder(onMean.text());
        ours.append(String.format(Locale.ROOT, " (mean of %d seeds; %s over seeds %s; held on %d of %d)",
                seeds.size(), keyName, meanAndSd(keys), held, seeds.size()));
        List<String> controlVerdicts = new ArrayList<>();
        for (Control<T> control : controls) {
            controlVerdicts.add(control.name() + ": " + (criterion.apply(control.measured()).holds() ? "holds"
                    : "fails"));
        }
        if (!controlVerdicts.isEmpty()) {
            ours.append("; controls: ").append(String.join(", ", controlVerdicts));
        }
        Map<String, Double> readAccuracy = new LinkedHashMap<>();
        read.forEach(label -> readAccuracy.put(label, lowestAccuracy.get(label)));
        ours.append(bar.verdictNote(readAccuracy));
        if (extraCount != null) {
            ours.append(bar.allTrained(readAccuracy) ? "; not counted: " : ", ").append(extraCount);
        }
        boolean counts = bar.allTrained(readAccuracy) && extraCount == null;
        return new Claim(finding, paper, criterionText, ours.toString(), onMean.holds() && counts);
    }

    /** "0.123 ± 0.045" (sample standard deviation), or the one value when there is one seed. */
    static String meanAndSd(double[] values) {
        double mean = SampleSpread.mean(values);
        if (values.length < 2) {
            return String.format(Locale.ROOT, "%.3f", mean);
        }
        return String.format(Locale.ROOT, "%.3f ± %.3f", mean, SampleSpread.standardDeviation(values));
    }
}
