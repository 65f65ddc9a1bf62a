package org.errorprop.experiments.reproduce.table2;

/**
 * One data set of one Table 2 cell: both training runs and the reference the SG run is measured against.
 *
 * @param cell      the cell
 * @param index     the data set's index within the cell, 0-based
 * @param optimum   the exact global optimum (squared error), or NaN where there is none to compute (log loss)
 * @param backprop  the backprop run
 * @param synthetic the synthetic-gradient run
 */
public record DataSetOutcome(Table2Cell cell, int index, double optimum, TrainingTrace backprop,
                             TrainingTrace synthetic) implements java.io.Serializable {

    /**
     * What the SG run is compared with: the exact optimum for squared error; for log loss backprop's final
     * loss under the same budget (on separable data the log loss has no attained minimum, its infimum 0 is
     * approached only as the weights grow without bound, so "the optimum" is what a budget reaches).
     */
    public double reference() {
        return cell.loss() == OutputLoss.MSE ? optimum : backprop.finalLoss();
    }

    /** Table 2's number for this data set: SG final loss minus the reference. */
    public double difference() {
        return synthetic.finalLoss() - reference();
    }

    /** Backprop's own final distance from the exact optimum (squared error only; NaN for log loss). */
    public double backpropGap() {
        return cell.loss() == OutputLoss.MSE ? backprop.finalLoss() - optimum : Double.NaN;
    }
}
