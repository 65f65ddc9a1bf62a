package org.errorprop.experiments.reproduce.depth;

/**
 * The quantitative reading of Figure 4's "the SG models converge well" for one pair of runs, and the early
 * checkpoint at which "sometimes faster" is read ({@link LearningCurveClaims} combines the seeds).
 *
 * <p><b>Converges well</b>: the single-SG model's final test accuracy is at most {@link #accuracyMargin}
 * below backprop's, and its final training loss is at most a quarter of the chance-level loss
 * {@code ln 10} (so a pair of runs that both fail cannot pass). The margin is three standard errors of
 * the difference of two accuracies measured on {@code n} test examples, {@code 3 sqrt(2 p (1 - p) / n)}
 * with {@code p} backprop's accuracy, and at least one test example ({@code 1/n}): a gap inside it is
 * not distinguishable from the sampling noise of the test set.
 *
 * <p><b>Early checkpoint</b>: the end of the first quarter of training.
 */
public final class ConvergenceCheck {
    /** How many standard errors of the accuracy difference the margin allows. */
    public static final double STANDARD_ERRORS = 3.0;
    /** The final training loss a converged model stays below, as a fraction of {@code ln 10}. */
    public static final double LOSS_FRACTION_OF_CHANCE = 0.25;

    private ConvergenceCheck() {
    }

    /** {@code max(3 sqrt(2 p (1 - p) / n), 1/n)}. */
    public static double accuracyMargin(double backpropAccuracy, int testExamples) {
        if (testExamples < 1 || !(backpropAccuracy >= 0 && backpropAccuracy <= 1)) {
            throw new IllegalArgumentException("need an accuracy in [0, 1] and a positive test size, got "
                    + backpropAccuracy + " and " + testExamples);
        }
        double p = backpropAccuracy;
        return Math.max(STANDARD_ERRORS * Math.sqrt(2 * p * (1 - p) / testExamples), 1.0 / testExamples);
    }

    /** The loss level a converged model must reach: a quarter of the chance-level loss {@code ln(classes)}. */
    public static double lossCeiling(int classes) {
        return LOSS_FRACTION_OF_CHANCE * Math.log(classes);
    }

    public static boolean convergesWell(LearningCurve synthetic, LearningCurve backprop, int testExamples,
                                        int classes) {
        double margin = accuracyMargin(backprop.finalTestAccuracy(), testExamples);
        return synthetic.finalTestAccuracy() >= backprop.finalTestAccuracy() - margin
                && synthetic.finalTrainLoss() <= lossCeiling(classes);
    }

    /** The step of the early checkpoint: the end of the first quarter of the run, at least step 1. */
    public static int earlyCheckpoint(int totalSteps) {
        return Math.max(1, (totalSteps + 3) / 4);
    }
}
