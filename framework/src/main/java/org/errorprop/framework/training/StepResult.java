package org.errorprop.framework.training;

/**
 * What one training step measured on its batch, before the update.
 *
 * @param loss     mean loss over the batch
 * @param correct  number of correctly classified examples
 * @param examples batch size
 */
public record StepResult(double loss, int correct, int examples) {
}
