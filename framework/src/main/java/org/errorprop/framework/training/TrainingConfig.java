package org.errorprop.framework.training;

import org.errorprop.framework.InvalidInputException;

/**
 * How long and in what batches to train.
 *
 * @param epochs    passes over the training split
 * @param batchSize examples per step; the last batch of an epoch may be smaller
 */
public record TrainingConfig(int epochs, int batchSize) {
    public TrainingConfig {
        if (epochs <= 0) {
            throw new InvalidInputException("epochs must be positive, was " + epochs);
        }
        if (batchSize <= 0) {
            throw new InvalidInputException("batch size must be positive, was " + batchSize);
        }
    }
}
