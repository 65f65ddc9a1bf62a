package org.errorprop.examples.sparsedfa;

import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.methods.MethodProvider;
import org.errorprop.methods.PerBoundaryMethod;
import org.errorprop.methods.feedback.DirectFeedbackSignal;
import org.errorprop.methods.feedback.FeedbackMatrices;
import org.errorprop.methods.options.OptionKey;
import org.errorprop.methods.options.OptionType;
import org.errorprop.methods.options.OptionsDescriptor;

/**
 * Sparse direct feedback alignment: DFA whose fixed feedback matrix keeps each entry with probability
 * {@code density}. The entries are first drawn as DFA's, {@code U(-1/sqrt(r), 1/sqrt(r))} with {@code r} the
 * width of {@code h_k}; each is then kept with probability {@code p = density} and the kept ones are multiplied
 * by {@code 1/sqrt(p)}, so every entry's mean square, and so the expected squared norm of the signal
 * {@code e Bᵀ}, is dense DFA's. At {@code density = 1} it is DFA, matrix for matrix. The entries come from
 * DFA's stream {@code feedback/boundary-k}, the mask from its own stream {@code sparse-feedback/mask-k}.
 */
public final class SparseDfa extends PerBoundaryMethod {
    public static final String NAME = "sparse-dfa";

    /**
     * The rule's one option.
     *
     * @param density the probability that a feedback entry is kept, in (0, 1]; default 0.1
     */
    public record Options(double density) {
        public static final Options DEFAULTS = new Options(0.1);

        static final OptionKey<Options, Double> DENSITY = OptionKey.of("density", OptionType.NUMBER, Options::density,
                "probability that a feedback entry is kept, in (0, 1]");

        public static final OptionsDescriptor<Options> DESCRIPTOR =
                OptionsDescriptor.of(DEFAULTS, values -> new Options(values.get(DENSITY)), DENSITY);

        public Options {
            if (!(density > 0 && density <= 1)) {
                throw new InvalidInputException("sparse-dfa's density must be in (0, 1], was " + density);
            }
        }
    }

    /** Announces the rule; listed in {@code META-INF/services/org.errorprop.methods.MethodProvider}. */
    public static final class Provider extends MethodProvider.Of<Options> {
        public Provider() {
            super(NAME, Options.DESCRIPTOR, SparseDfa::new);
        }
    }

    private final double density;

    public SparseDfa(Options options) {
        super(NAME);
        this.density = options.density();
    }

    @Override
    protected ErrorSignal signalAt(int k, NetworkShape shape, MethodContext context) {
        DMatrixRMaj feedback = FeedbackMatrices.draw(context, k, shape.boundaryWidth(k), shape.outputWidth(), 1.0);
        RandomGenerator mask = context.random().startOf("sparse-feedback/mask-" + k);
        double keptScale = 1 / Math.sqrt(density);
        for (int i = 0, n = feedback.getNumElements(); i < n; i++) {
            feedback.data[i] = mask.nextDouble() < density ? feedback.data[i] * keptScale : 0.0;
        }
        return new DirectFeedbackSignal(feedback, context.compute());
    }
}
