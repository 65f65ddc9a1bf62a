package org.errorprop.experiments.reproduce.table2;

import org.errorprop.experiments.reproduce.Scale;

/**
 * What one Table 2 reproduction runs: per cell {@code dataSets} data sets, each model trained full batch for
 * {@code steps} Adam steps ({@code lowDimensionSteps} on the 2-D sets) at {@code learningRate} (model and
 * synthesizer alike), the deep models with
 * hidden layers of {@code hiddenWidth} units; the loss is recorded at {@code curvePoints} evenly spaced steps.
 *
 * @param dataSets     data sets per cell (the paper: 10)
 * @param steps        full-batch training steps of every run on the 100-dimensional sets
 * @param lowDimensionSteps full-batch training steps on the 2-D sets: a step there costs about 1/500 of one on
 *                     the 100-D sets (100 points in 2 dimensions against 1000 in 100), and on separable 2-D data
 *                     backprop needs the longer budget to pull away from the SG (PAPER.md 4.1: the log loss has
 *                     its infimum at infinite weights)
 * @param learningRate Adam's learning rate for model and synthesizer on the 100-D sets (the paper: 3e-5)
 * @param lowDimensionLearningRate the same on the 2-D sets. Adam moves a weight by at most about its rate per step,
 *                     so rate x steps bounds how far a run can go: 6 on the 2-D sets at every scale above smoke (the
 *                     paper's 3e-5 over FULL's 200,000 steps, counting the annealed half as full steps), since a larger product let the synthesizer's A drift
 *                     after convergence until the deep model diverged (quick at 3e-3 x 20,000: 2 of 10 noisy2
 *                     runs); 30 on the 100-D sets, where at 6 the deep MSE runs had not reached the optimum
 *                     (random100 deep: 3.5e-3 after 2e-3 x 3,000 steps) and no 100-D run ever diverged
 * @param hiddenWidth  units per hidden layer of the deep models (not stated in the paper)
 * @param curvePoints  how many times per run the loss is recorded for the curves
 * @param annealedFraction the final fraction of the steps over which the learning rate falls linearly to 0 (0:
 *                     constant, the paper's choice). Quick and full anneal the second half: at a constant 1e-2 the
 *                     deep 100-D MSE runs jittered (noisy100 deep 4.2e-3 from backprop, one data set 0.042); the
 *                     first half stays constant, so the gap at step t <= half is the gap of a t-step budget
 */
public record Table2Settings(int dataSets, int steps, int lowDimensionSteps, double learningRate,
                             double lowDimensionLearningRate, int hiddenWidth, int curvePoints,
                             double annealedFraction) {

    public Table2Settings {
        if (dataSets < 1 || steps < 1 || lowDimensionSteps < 1 || curvePoints > lowDimensionSteps || !(learningRate > 0) || !(lowDimensionLearningRate > 0) || hiddenWidth < 2 || curvePoints < 2 || curvePoints > steps
                || !(annealedFraction >= 0 && annealedFraction <= 1)) {
            throw new IllegalArgumentException("invalid Table 2 settings");
        }
    }

    /** Training steps on a data set of {@code dimension} input dimensions. */
    public int stepsFor(int dimension) {
        return dimension < 10 ? lowDimensionSteps : steps;
    }

    /** Adam's base learning rate on a data set of {@code dimension} input dimensions. */
    public double learningRateFor(int dimension) {
        return dimension < 10 ? lowDimensionLearningRate : learningRate;
    }

    /**
     * The learning-rate factor of step {@code t} (0-based) of a run of {@code total} steps: 1, then linearly
     * down towards 0 over the annealed part (0 itself is never reached).
     */
    public double learningRateFactorAt(int t, int total) {
        double annealed = annealedFraction * total;
        double left = total - t;
        return annealed > 0 && left < annealed ? left / annealed : 1.0;
    }

    /** The learning rate of step {@code t} of a run of {@code total} steps on {@code dimension}-D data. */
    public double learningRateAt(int t, int total, int dimension) {
        return learningRateFor(dimension) * learningRateFactorAt(t, total);
    }

    /** The settings of a scale; see the experiment's report for the reason behind each. */
    public static Table2Settings of(Scale scale) {
        return switch (scale) {
            case SMOKE -> new Table2Settings(2, 40, 40, 1e-2, 1e-2, 4, 5, 0.0);
            case QUICK -> new Table2Settings(10, 3000, 20_000, 1e-2, 3e-4, 8, 60, 0.5);
            case FULL -> new Table2Settings(10, 30_000, 200_000, 1e-3, 3e-5, 8, 200, 0.5);
        };
    }
}
