package org.errorprop.experiments.catalog;

import java.util.List;
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

    /** The experiments a command-line name selects: one, or every one for {@value #ALL}. */
    public static List<Experiment> named(String name) {
        if (ALL.equals(name)) {
            return all();
        }
        for (Experiment experiment : all()) {
            if (experiment.name().equals(name)) {
                return List.of(experiment);
            }
        }
        throw new InvalidInputException("unknown experiment '" + name + "'; known: "
                + String.join(", ", names()) + ", " + ALL);
    }

    public static List<String> names() {
        return all().stream().map(Experiment::name).toList();
    }
}
