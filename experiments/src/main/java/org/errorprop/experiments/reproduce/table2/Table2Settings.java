package org.errorprop.experiments.reproduce.table2;

import org.errorprop.experiments.reproduce.Scale;

/**
 * What one Table 2 reproduction runs: per cell {@code dataSets} data sets, each model trained full batch for
 * {@code steps} Adam steps at {@code learningRate} (model and synthesizer alike), the deep models with
 * hidden layers of {@code hiddenWidth} units; the loss is recorded at {@code curvePoints} evenly spaced steps.
 *
 * @param dataSets     data sets per cell (the paper: 10)
 * @param steps        full-batch training steps of every run
 * @param learningRate Adam's learning rate for model and synthesizer (the paper: 3e-5)
 * @param hiddenWidth  units per hidden layer of the deep models (not stated in the paper)
 * @param curvePoints  how many times per run the loss is recorded for the curves
 * @param annealedFraction the final fraction of the steps over which the learning rate falls linearly to 0
 *                     (0: constant, the paper's choice)
 */
public record Table2Settings(int dataSets, int steps, double learningRate, int hiddenWidth, int curvePoints,
                             double annealedFraction) {

    public Table2Settings {
        if (dataSets < 1 || steps < 1 || !(learningRate > 0) || hiddenWidth < 2 || curvePoints < 2 || curvePoints > steps
                || !(annealedFraction >= 0 && annealedFraction <= 1)) {
            throw new IllegalArgumentException("invalid Table 2 settings");
        }
    }

    /** The learning rate of step {@code t} (0-based): constant, then linearly down to 0 over the annealed part. */
    public double learningRateAt(int t) {
        double annealed = annealedFraction * steps;
        double left = steps - t;
        return annealed > 0 && left < annealed ? learningRate * left / annealed : learningRate;
    }

    /** The settings of a scale; see the experiment's report for the reason behind each. */
    public static Table2Settings of(Scale scale) {
        return switch (scale) {
            case SMOKE -> new Table2Settings(2, 40, 1e-2, 4, 5, 0.0);
            case QUICK -> new Table2Settings(10, 3000, 1e-3, 8, 60, 0.5);
            case FULL -> new Table2Settings(10, 200_000, 3e-5, 8, 200, 0.0);
        };
    }
}
