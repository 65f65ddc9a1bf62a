package org.errorprop.experiments.reproduce.depth;

/**
 * A run's learning curve: the mean training loss over successive windows of steps and the test
 * accuracy after every epoch.
 *
 * @param windowEnd     the step (counted from 1 over the whole run) that closes each loss window
 * @param trainLoss     the mean batch loss over that window, measured before each update (training mode)
 * @param testAccuracy  accuracy on the test split after epoch {@code i + 1}, evaluation mode
 * @param testLoss      mean loss on the test split after epoch {@code i + 1}
 */
public record LearningCurve(int[] windowEnd, double[] trainLoss, double[] testAccuracy, double[] testLoss)
        implements java.io.Serializable {

    public LearningCurve {
        if (windowEnd.length != trainLoss.length || testAccuracy.length != testLoss.length) {
            throw new IllegalArgumentException("curve arrays of unequal length");
        }
        if (windowEnd.length == 0 || testAccuracy.length == 0) {
            throw new IllegalArgumentException("an empty learning curve");
        }
        windowEnd = windowEnd.clone();
        trainLoss = trainLoss.clone();
        testAccuracy = testAccuracy.clone();
        testLoss = testLoss.clone();
    }

    public double finalTestAccuracy() {
        return testAccuracy[testAccuracy.length - 1];
    }

    public double finalTrainLoss() {
        return trainLoss[trainLoss.length - 1];
    }

    /**
     * The loss of the first window that closes at or after {@code step}: the training loss "at step
     * {@code step}"; the last window when the run is shorter.
     */
    public double trainLossAt(int step) {
        for (int i = 0; i < windowEnd.length; i++) {
            if (windowEnd[i] >= step) {
                return trainLoss[i];
            }
        }
        return finalTrainLoss();
    }

    /** The total number of steps the run took. */
    public int steps() {
        return windowEnd[windowEnd.length - 1];
    }
}
