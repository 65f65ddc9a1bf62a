package org.errorprop.methods.feedback;

import org.errorprop.framework.InvalidInputException;
import org.errorprop.methods.options.OptionKey;
import org.errorprop.methods.options.OptionType;
import org.errorprop.methods.options.OptionsDescriptor;

/**
 * The options of {@code fa} and {@code dfa}.
 *
 * @param scale multiplies the fan-in bound of the fixed feedback matrices ({@link FeedbackMatrices}); 1 gives
 *              them the distribution of a fresh forward weight matrix
 */
public record FeedbackOptions(double scale) {
    public static final FeedbackOptions DEFAULTS = new FeedbackOptions(1.0);

    static final OptionKey<FeedbackOptions, Double> SCALE = OptionKey.of("feedback_scale", OptionType.NUMBER,
            FeedbackOptions::scale, "scale of the fixed feedback matrices, times U(-1/sqrt(fan-in), 1/sqrt(fan-in))");

    public static final OptionsDescriptor<FeedbackOptions> DESCRIPTOR =
            OptionsDescriptor.of(DEFAULTS, values -> new FeedbackOptions(values.get(SCALE)), SCALE);

    public FeedbackOptions {
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new InvalidInputException("the feedback scale must be a positive number, was " + scale);
        }
    }
}
