package org.errorprop.methods.synthetic;

import java.util.List;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.methods.SgPlacement;
import org.errorprop.methods.SynthesizerKind;
import org.errorprop.methods.options.OptionKey;
import org.errorprop.methods.options.OptionType;
import org.errorprop.methods.options.OptionsDescriptor;

/**
 * The options of the synthetic-gradient rules. {@code sg_alpha} is a key of {@code sg-prop} only
 * ({@link #WITH_ALPHA}); the other three variants fix α and take the remaining keys ({@link #DESCRIPTOR}).
 *
 * @param placement         where synthesizers go; backprop at the other boundaries
 * @param synthesizer       the synthesizer's form
 * @param synthesizerHidden hidden widths of an MLP synthesizer
 * @param propagationScale  α of SG+prop: {@code δ̂ = SG(h,y) + α ∂L_SG/∂h}
 */
public record SyntheticGradientOptions(SgPlacement placement, SynthesizerKind synthesizer,
                                       List<Integer> synthesizerHidden, double propagationScale) {

    /** One MLP synthesizer (one hidden layer of 256, zero-initialised output layer) at the last hidden boundary; α = 1. */
    public static final SyntheticGradientOptions DEFAULTS =
            new SyntheticGradientOptions(SgPlacement.LAST_HIDDEN, SynthesizerKind.MLP, List.of(256), 1.0);

    static final OptionKey<SyntheticGradientOptions, SgPlacement> SG_AT = OptionKey.of("sg_at",
            OptionType.text("last, all, output or boundaries such as 1,2", SgPlacement::parse, SgPlacement::text),
            SyntheticGradientOptions::placement,
            "synthesizer boundaries: last, all, output (the network output, in place of dL/dp), or a list "
                    + "(boundary k is between layers k and k+1)");
    static final OptionKey<SyntheticGradientOptions, SynthesizerKind> SYNTHESIZER = OptionKey.of("synthesizer",
            OptionType.choice(SynthesizerKind.class), SyntheticGradientOptions::synthesizer,
            "the synthesizer's form (label-only with csg only)");
    static final OptionKey<SyntheticGradientOptions, List<Integer>> SYNTHESIZER_HIDDEN = OptionKey.of(
            "synthesizer_hidden", OptionType.INTEGERS, SyntheticGradientOptions::synthesizerHidden,
            "hidden widths of an MLP synthesizer");
    static final OptionKey<SyntheticGradientOptions, Double> SG_ALPHA = OptionKey.of("sg_alpha", OptionType.NUMBER,
            SyntheticGradientOptions::propagationScale, "scale of dL_SG/dh in sg-prop");

    /** The keys of {@code sg}, {@code csg} and {@code sg-prop-only}. */
    public static final OptionsDescriptor<SyntheticGradientOptions> DESCRIPTOR = OptionsDescriptor.of(DEFAULTS,
            values -> new SyntheticGradientOptions(values.get(SG_AT), values.get(SYNTHESIZER),
                    values.get(SYNTHESIZER_HIDDEN), DEFAULTS.propagationScale()),
            SG_AT, SYNTHESIZER, SYNTHESIZER_HIDDEN);

    /** The keys of {@code sg-prop}: those of {@link #DESCRIPTOR} and {@code sg_alpha}. */
    public static final OptionsDescriptor<SyntheticGradientOptions> WITH_ALPHA = OptionsDescriptor.of(DEFAULTS,
            values -> new SyntheticGradientOptions(values.get(SG_AT), values.get(SYNTHESIZER),
                    values.get(SYNTHESIZER_HIDDEN), values.get(SG_ALPHA)),
            SG_AT, SYNTHESIZER, SYNTHESIZER_HIDDEN, SG_ALPHA);

    public SyntheticGradientOptions {
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
    }

    public SyntheticGradientOptions withSynthesizer(SynthesizerKind kind) {
        return new SyntheticGradientOptions(placement, kind, synthesizerHidden, propagationScale);
    }

    public SyntheticGradientOptions withPlacement(SgPlacement newPlacement) {
        return new SyntheticGradientOptions(newPlacement, synthesizer, synthesizerHidden, propagationScale);
    }
}
