package org.errorprop.framework.training;

/**
 * How well the signal at one boundary stood in for the true gradient over one epoch's probed steps.
 *
 * @param boundary       {@code k}, 1-based ({@code K}, the number of blocks, for a signal at the output)
 * @param cosine         mean over probed steps of the cosine between {@code δ̂_k} and the true
 *                       {@code ∂L/∂h_k}, each taken as one vector over the whole batch; NaN when
 *                       either is zero
 * @param normRatio      mean of {@code ‖δ̂_k‖ / ‖∂L/∂h_k‖}
 * @param learningLoss   mean of the signal's own learning loss (a synthesizer's {@code ‖SG − t‖²}),
 *                       NaN when the rule does not learn
 * @param probedSteps    how many steps were probed
 */
public record BoundaryDiagnostics(int boundary, double cosine, double normRatio, double learningLoss,
                                  int probedSteps) {
}
