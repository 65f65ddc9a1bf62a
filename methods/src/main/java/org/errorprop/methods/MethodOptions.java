package org.errorprop.methods;

import java.util.List;
import org.errorprop.framework.InvalidInputException;

/**
 * The settings a rule may take, typed. Each rule reads the fields that concern it and ignores the rest.
 *
 * @param sgPlacement           where synthesizers go ({@code sg}, {@code csg}, {@code sg-prop}, ...)
 * @param synthesizer           the synthesizer's form
 * @param synthesizerHidden     hidden widths of an MLP synthesizer
 * @param propagationScale      α of SG+prop: {@code δ̂ = SG(h,y) + α ∂L_SG/∂h}
 * @param feedbackScale         multiplies the fan-in bound of fixed feedback matrices (FA, DFA); 1 is the default
 */
public record MethodOptions(SgPlacement sgPlacement, SynthesizerKind synthesizer, List<Integer> synthesizerHidden,
                            double propagationScale, double feedbackScale) {

    public MethodOptions {
        synthesizerHidden = List.copyOf(synthesizerHidden);
        for (int width : synthesizerHidden) {
            if (width <= 0) {
                throw new InvalidInputException("synthesizer hidden widths must be positive, got " + synthesizerHidden);
            }
        }
        if (!Double.isFinite(propagationScale) || propagationScale < 0) {
            throw new InvalidInputException("the SG+prop scale alpha must be a non-negative number, was "
                    + propagationScale);
        }
        if (!(feedbackScale > 0) || !Double.isFinite(feedbackScale)) {
            throw new InvalidInputException("the feedback scale must be a positive number, was " + feedbackScale);
        }
    }

    /**
     * Defaults: one synthesizer at the last hidden boundary, an MLP synthesizer with one hidden layer
     * of 256 units (zero-initialised output layer), α = 1, feedback scale 1.
     */
    public static MethodOptions defaults() {
        return new MethodOptions(SgPlacement.LAST_HIDDEN, SynthesizerKind.MLP, List.of(256), 1.0, 1.0);
    }

    public MethodOptions withSynthesizer(SynthesizerKind kind) {
        return new MethodOptions(sgPlacement, kind, synthesizerHidden, propagationScale, feedbackScale);
    }

    public MethodOptions withPlacement(SgPlacement placement) {
        return new MethodOptions(placement, synthesizer, synthesizerHidden, propagationScale, feedbackScale);
    }

    public MethodOptions withFeedbackScale(double scale) {
        return new MethodOptions(sgPlacement, synthesizer, synthesizerHidden, propagationScale, scale);
    }
}
