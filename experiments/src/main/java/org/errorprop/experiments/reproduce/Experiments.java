package org.errorprop.experiments.reproduce;

import java.util.List;
import org.errorprop.framework.InvalidInputException;

/** Every reproducible table and figure, in the order {@code reproduce all} runs and reports them. */
public final class Experiments {
    /** The name that runs every experiment into one report. */
    public static final String ALL = "all";

    private Experiments() {
    }

    public static List<Experiment> all() {
        return List.of(
                // experiments are listed here in report order
                new org.errorprop.experiments.reproduce.depth.LearningCurvesOverDepth(),
                new org.errorprop.experiments.reproduce.depth.WeightNormProfiles()
        );
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
