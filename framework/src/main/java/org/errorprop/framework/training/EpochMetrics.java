package org.errorprop.framework.training;

/**
 * One epoch's measurements.
 *
 * @param epoch          1-based
 * @param trainLoss      mean over the epoch's steps of the batch loss, in training mode, before each update
 * @param trainAccuracy  fraction of the epoch's training examples classified correctly, measured the same way
 * @param testLoss       mean loss on the test split after the epoch, evaluation mode
 * @param testAccuracy   accuracy on the test split after the epoch, evaluation mode
 * @param seconds        wall time of the epoch's training steps (not the evaluation)
 */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                           double seconds) {
}
