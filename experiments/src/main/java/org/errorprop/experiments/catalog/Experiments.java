package org.errorprop.experiments.catalog;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.errorprop.experiments.reproduce.Experiment;
import org.errorprop.experiments.reproduce.supp6.SpuriousCriticalPointsExperiment;
import org.errorprop.experiments.reproduce.depth.LearningCurvesOverDepth;
import org.errorprop.experiments.reproduce.depth.WeightNormProfiles;
import org.errorprop.experiments.reproduce.implicitloss.ImplicitLossFigure2;
import org.errorprop.experiments.reproduce.implicitloss.LabelAblationSupp9;
import org.errorprop.experiments.reproduce.representations.LinearProbeExperiment;
import org.errorprop.experiments.reproduce.representations.RepresentationDissimilarityExperiment;
import org.errorprop.experiments.reproduce.table2.Table2Experiment;
import org.errorprop.framework.InvalidInputException;

/** Every reproducible table and figure, in the order {@code reproduce all} runs and reports them. */
public final class Experiments {
    /** The name that runs every experiment into one report. */
    public static final String ALL = "all";

    private Experiments() {
    }

    public static List<Experiment> all() {
        return List.of(
                new Table2Experiment(),
                new ImplicitLossFigure2(),
                new RepresentationDissimilarityExperiment(),
                new LearningCurvesOverDepth(),
                new WeightNormProfiles(),
                new SpuriousCriticalPointsExperiment(),
                new LinearProbeExperiment(),
                new LabelAblationSupp9());
    }

    /**
     * The experiments a command-line name selects: one, several separated by commas (run and reported in the
     * catalog's order, as {@value #ALL} would: a rerun of some experiments), or every one for {@value #ALL}.
     */
    public static List<Experiment> named(String name) {
        if (ALL.equals(name)) {
            return all();
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (String part : name.split(",", -1)) {
            String one = part.strip();
            if (!names().contains(one)) {
                throw new InvalidInputException("unknown experiment '" + one + "'; known: "
                        + String.join(", ", names()) + ", " + ALL + " (or several, separated by commas)");
            }
            if (!wanted.add(one)) {
                throw new InvalidInputException("experiment '" + one + "' is named twice in '" + name + "'");
            }
        }
        return all().stream().filter(experiment -> wanted.contains(experiment.name())).toList();
    }

    public static List<String> names() {
        return all().stream().map(Experiment::name).toList();
    }
}
