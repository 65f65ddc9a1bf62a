package org.errorprop.methods.synthetic;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.methods.MethodProvider;
import org.errorprop.methods.PerBoundaryMethod;
import org.errorprop.methods.SgPlacement;
import org.errorprop.methods.SynthesizerKind;
import org.errorprop.methods.options.OptionsDescriptor;
import org.errorprop.methods.backprop.BackpropSignal;

/**
 * Synthetic gradients at the boundaries of {@link SyntheticGradientOptions#placement()}, backprop at the others; at
 * the output boundary when the placement is {@link SgPlacement#OUTPUT} (its target is then {@code ∂L/∂p}).
 * One class for the four variants: {@code sg} (unconditioned SG(h)), {@code csg} (SG(h, y)),
 * {@code sg-prop} (cSG plus α ∂L_SG/∂h) and {@code sg-prop-only} (footnote 5: ∂L_SG/∂h alone).
 */
public final class SyntheticGradients extends PerBoundaryMethod {
    public static final String SG = "sg";
    public static final String CSG = "csg";
    public static final String SG_PROP = "sg-prop";
    public static final String SG_PROP_ONLY = "sg-prop-only";

    private final boolean conditioned;
    private final double predictionWeight;
    private final double propagationScale;
    private final SyntheticGradientOptions options;

    private SyntheticGradients(String name, boolean conditioned, double predictionWeight, double propagationScale,
                               SyntheticGradientOptions options) {
        super(name);
        this.conditioned = conditioned;
        this.predictionWeight = predictionWeight;
        this.propagationScale = propagationScale;
        this.options = options;
    }

    public static SyntheticGradients unconditioned(SyntheticGradientOptions options) {
        return new SyntheticGradients(SG, false, 1, 0, options);
    }

    public static SyntheticGradients conditioned(SyntheticGradientOptions options) {
        return new SyntheticGradients(CSG, true, 1, 0, options);
    }

    public static SyntheticGradients withPropagation(SyntheticGradientOptions options) {
        return new SyntheticGradients(SG_PROP, true, 1, options.propagationScale(), options);
    }

    public static SyntheticGradients propagationOnly(SyntheticGradientOptions options) {
        return new SyntheticGradients(SG_PROP_ONLY, true, 0, 1, options);
    }

    /** The variant called {@code name} ({@link #SG}, {@link #CSG}, {@link #SG_PROP} or {@link #SG_PROP_ONLY}). */
    public static SyntheticGradients named(String name, SyntheticGradientOptions options) {
        return switch (name) {
            case SG -> unconditioned(options);
            case CSG -> conditioned(options);
            case SG_PROP -> withPropagation(options);
            case SG_PROP_ONLY -> propagationOnly(options);
            default -> throw new IllegalArgumentException("no synthetic-gradient variant is called '" + name + "'");
        };
    }

    /** What the four variants' providers share: options of {@link SyntheticGradientOptions}, the synthesizers' bound. */
    abstract static class VariantProvider extends MethodProvider.Of<SyntheticGradientOptions> {
        VariantProvider(String name, OptionsDescriptor<SyntheticGradientOptions> options,
                        Function<SyntheticGradientOptions, Method> factory) {
            super(name, options, factory);
        }

        @Override
        public long stateDoubles(SyntheticGradientOptions options, NetworkShape shape, int rows, int copies) {
            return synthesizerDoubles(options, shape, rows, copies);
        }
    }

    /** Announces {@value #SG} (listed in META-INF/services). */
    public static final class Sg extends VariantProvider {
        public Sg() {
            super(SG, SyntheticGradientOptions.DESCRIPTOR, SyntheticGradients::unconditioned);
        }
    }

    /** Announces {@value #CSG} (listed in META-INF/services). */
    public static final class Csg extends VariantProvider {
        public Csg() {
            super(CSG, SyntheticGradientOptions.DESCRIPTOR, SyntheticGradients::conditioned);
        }
    }

    /** Announces {@value #SG_PROP} (listed in META-INF/services); the only variant that takes {@code sg_alpha}. */
    public static final class SgProp extends VariantProvider {
        public SgProp() {
            super(SG_PROP, SyntheticGradientOptions.WITH_ALPHA, SyntheticGradients::withPropagation);
        }
    }

    /** Announces {@value #SG_PROP_ONLY} (listed in META-INF/services). */
    public static final class SgPropOnly extends VariantProvider {
        public SgPropOnly() {
            super(SG_PROP_ONLY, SyntheticGradientOptions.DESCRIPTOR, SyntheticGradients::propagationOnly);
        }
    }

    /**
     * An upper bound on the doubles of the synthesizers {@code options} place on {@code shape}: per placed
     * boundary of width w, layers from w + labels through the MLP's hidden widths to w (A, B, C and d for the
     * sigmoid form fit in it), each weight {@code copies} times, and eight workspaces of a batch per layer
     * width; a workspace of a batch at every boundary for backprop's signal.
     */
    static long synthesizerDoubles(SyntheticGradientOptions options, NetworkShape shape, int rows, int copies) {
        long doubles = (long) rows * shape.outputWidth();
        for (int k = 1; k <= shape.boundaries() + 1; k++) {
            boolean output = k > shape.boundaries();
            int width = output ? shape.outputWidth() : shape.boundaryWidth(k);
            doubles += 2L * rows * width;
            if (output ? !options.placement().includesOutput() : !options.placement().includes(k, shape.boundaries())) {
                continue;
            }
            List<Integer> hidden = options.synthesizer() == SynthesizerKind.MLP ? options.synthesizerHidden() : List.of();
            long in = width + shape.outputWidth();
            long weights = 0;
            long units = in;
            for (int h : hidden) {
                weights += in * h + h;
                units += h;
                in = h;
            }
            weights += in * width + 2L * width;
            doubles += copies * weights + 8L * rows * (units + width);
        }
        return doubles;
    }

    @Override
    protected ErrorSignal signalAt(int k, NetworkShape shape, MethodContext context) {
        if (!options.placement().includes(k, shape.boundaries())) {
            return new BackpropSignal();
        }
        return synthesized(shape.boundaryWidth(k), shape, context.random().child("boundary-" + k), context,
                SynthesizerTarget.PULLED_BACK);
    }

    @Override
    public Optional<ErrorSignal> outputSignal(NetworkShape shape, MethodContext context) {
        if (!options.placement().includesOutput()) {
            return Optional.empty();
        }
        return Optional.of(synthesized(shape.outputWidth(), shape, context.random().child("output"), context,
                SynthesizerTarget.OUTPUT_ERROR));
    }

    /** A synthesizer of {@code width} units drawn from {@code random}, as a signal fitted to {@code target}. */
    private ErrorSignal synthesized(int width, NetworkShape shape, RandomStreams random, MethodContext context,
                                    SynthesizerTarget target) {
        if (options.synthesizer() == SynthesizerKind.LABEL_ONLY && !conditioned) {
            throw new InvalidInputException("--synthesizer label-only reads only the labels, which the unconditioned "
                    + "method '" + name() + "' does not give its synthesizers; use csg (SG(h, y)) with it");
        }
        int labelWidth = conditioned ? shape.outputWidth() : 0;
        Synthesizer synthesizer = switch (options.synthesizer()) {
            case LINEAR -> new NetworkSynthesizer(width, labelWidth, java.util.List.of(), context.signalOptimizer(),
                    random, context.compute());
            case MLP -> new NetworkSynthesizer(width, labelWidth, options.synthesizerHidden(), context.signalOptimizer(),
                    random, context.compute());
            case SIGMOID -> new SigmoidSynthesizer(width, labelWidth, context.signalOptimizer(),
                    random.startOf("synthesizer/A"), context.compute());
            case LABEL_ONLY -> new LabelOnlySynthesizer(width, labelWidth, context.signalOptimizer(), context.compute());
        };
        return new SyntheticGradientSignal(synthesizer, conditioned, predictionWeight, propagationScale, target);
    }
}
