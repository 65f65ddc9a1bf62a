package org.errorprop.experiments.reproduce.supp6;

import java.util.List;
import org.errorprop.experiments.reproduce.Scale;

/**
 * Settings of the Supp. A / Figure 6 reproduction. The paper states the problem exactly but no step
 * sizes or starts; ours are inside the ranges the proofs-check sweep covers (η ∈ [0.002, 0.02],
 * ν ∈ [0.02, 0.1]), where the SG regression is stable (ν &lt; 1/4).
 *
 * @param step        η, the step of both the SG system's (a, b) update and subgradient descent
 * @param sgStep      ν, the step of the SG's constant c
 * @param starts      starting points (a₀, b₀, c₀)
 * @param gridPoints  points per axis of the loss-surface image
 * @param extent      the image covers a, b ∈ [−extent, extent]
 * @param recordEvery keep every this many iterates of a path for the plots and CSV
 */
public record SpuriousCriticalPointsSettings(double step, double sgStep, List<Start> starts, int gridPoints,
                                             double extent, int recordEvery) {

    /** A starting point of both runs. */
    public record Start(double a, double b, double c) {
    }

    public SpuriousCriticalPointsSettings {
        starts = List.copyOf(starts);
    }

    public static SpuriousCriticalPointsSettings of(Scale scale) {
        return switch (scale) {
            case SMOKE -> new SpuriousCriticalPointsSettings(0.02, 0.05, List.of(new Start(1.0, 0.5, 0.5)), 21, 2.5,
                    10);
            case QUICK, FULL -> new SpuriousCriticalPointsSettings(0.005, 0.05, List.of(new Start(1.0, 0.8, 0.5),
                    new Start(-1.5, 1.2, -0.3), new Start(2.0, -0.6, 0.8), new Start(0.6, -1.8, 0.0)),
                    scale == Scale.FULL ? 401 : 161, 2.5, 5);
        };
    }
}
