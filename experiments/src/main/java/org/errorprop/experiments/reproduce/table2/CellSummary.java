package org.errorprop.experiments.reproduce.table2;

import java.util.List;

/**
 * One Table 2 cell over its data sets.
 *
 * @param cell               the cell
 * @param meanDifference     mean of SG final loss minus the reference (Table 2's number)
 * @param sdDifference       sample standard deviation of that difference over the data sets (NaN for one)
 * @param meanBackpropGap    mean of backprop's final loss minus the exact optimum (NaN for log loss)
 * @param meanSynthesizerError mean relative error {@code ‖ĝ − g‖/‖g‖} of the synthesizer at the end
 * @param dataSets           how many data sets
 * @param steps              the recorded steps of the curves
 * @param meanSyntheticGap   per recorded step, the mean over data sets of SG loss minus the reference
 * @param meanBackpropCurveGap per recorded step, the mean over data sets of backprop loss minus the reference
 * @param divergedRuns       runs (SG and backprop, over the data sets) whose final loss is non-finite or above the
 *                           chance level ({@link OutputLoss#chanceLevel()}): they did not converge
 * @param worstFinalLoss     the largest final loss of any run of the cell (+∞ for a non-finite one)
 */
public record CellSummary(Table2Cell cell, double meanDifference, double sdDifference, double meanBackpropGap,
                          double meanSynthesizerError, int dataSets, double[] steps, double[] meanSyntheticGap,
                          double[] meanBackpropCurveGap, int divergedRuns, double worstFinalLoss) {

    /** Summarises the outcomes of one cell; all must have the same recorded steps. */
    public static CellSummary of(Table2Cell cell, List<DataSetOutcome> outcomes) {
        if (outcomes.isEmpty()) {
            throw new IllegalArgumentException("no data sets for " + cell.key());
        }
        int count = outcomes.size();
        double[] differences = outcomes.stream().mapToDouble(DataSetOutcome::difference).toArray();
        double mean = mean(differences);
        double sd = Double.NaN;
        if (count > 1) {
            double squares = 0;
            for (double d : differences) {
                squares += (d - mean) * (d - mean);
            }
            sd = Math.sqrt(squares / (count - 1));
        }
        double bpGap = mean(outcomes.stream().mapToDouble(DataSetOutcome::backpropGap).toArray());
        double sgError = mean(outcomes.stream().mapToDouble(o -> o.synthetic().synthesizerError()).toArray());
        double[] steps = outcomes.get(0).synthetic().steps();
        double[] sgCurve = new double[steps.length];
        double[] bpCurve = new double[steps.length];
        for (DataSetOutcome o : outcomes) {
            double reference = o.reference();
            for (int i = 0; i < steps.length; i++) {
                sgCurve[i] += (o.synthetic().losses()[i] - reference) / count;
                bpCurve[i] += (o.backprop().losses()[i] - reference) / count;
            }
        }
        int diverged = 0;
        double worst = Double.NEGATIVE_INFINITY;
        for (DataSetOutcome o : outcomes) {
            for (TrainingTrace run : new TrainingTrace[] {o.backprop(), o.synthetic()}) {
                double loss = Double.isFinite(run.finalLoss()) ? run.finalLoss() : Double.POSITIVE_INFINITY;
                worst = Math.max(worst, loss);
                if (!(loss <= cell.loss().chanceLevel())) {
                    diverged++;
                }
            }
        }
        return new CellSummary(cell, mean, sd, bpGap, sgError, count, steps, sgCurve, bpCurve, diverged, worst);
    }

    /** Runs of the cell: a backprop and an SG run per data set. */
    public int runs() {
        return 2 * dataSets;
    }

    /**
     * The mean over data sets of SG loss minus backprop loss at the recorded step nearest {@code fraction} of the
     * last: with a constant learning rate, the Table 2 difference a budget of that many steps would give.
     */
    public double gapAt(double fraction) {
        double target = fraction * steps[steps.length - 1];
        int nearest = 0;
        for (int i = 1; i < steps.length; i++) {
            if (Math.abs(steps[i] - target) < Math.abs(steps[nearest] - target)) {
                nearest = i;
            }
        }
        return meanSyntheticGap[nearest] - meanBackpropCurveGap[nearest];
    }

    static double mean(double[] values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.length;
    }
}
