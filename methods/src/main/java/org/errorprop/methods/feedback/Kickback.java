package org.errorprop.methods.feedback;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.SoftmaxCrossEntropy;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.methods.MethodProvider;
import org.errorprop.methods.PerBoundaryMethod;
import org.errorprop.methods.options.NoOptions;
import org.errorprop.methods.options.OptionsDescriptor;

/**
 * Kickback (Balduzzi et al. 2014) in the paper's Table 1 form: {@code δ̂_k = (∂L/∂p) 1ᵀ}, every unit
 * of {@code h_k} receiving the sum of the output errors; DFA with a matrix of ones.
 *
 * <p>Under softmax cross-entropy the output errors {@code softmax(p) − y} of every example sum to
 * zero, so the signal is identically zero and nothing below the top layer learns:
 * {@link #vanishesUnder} says so, and the CLI warns. Kickback is meant for scalar-output regression.
 */
public final class Kickback extends PerBoundaryMethod {
    public static final String NAME = "kickback";

    public Kickback() {
        super(NAME);
    }

    /** Announces {@value #NAME} to the catalog (listed in META-INF/services); it takes no options. */
    public static final class Provider extends MethodProvider.Of<NoOptions> {
        public Provider() {
            super(NAME, OptionsDescriptor.none(), options -> new Kickback());
        }
    }

    /** True when the loss's output errors sum to zero in every row, which zeroes Kickback's signal. */
    public static boolean vanishesUnder(Loss loss, int outputs) {
        return loss instanceof SoftmaxCrossEntropy && outputs > 0;
    }

    @Override
    protected ErrorSignal signalAt(int k, NetworkShape shape, MethodContext context) {
        DMatrixRMaj ones = new DMatrixRMaj(shape.boundaryWidth(k), shape.outputWidth());
        java.util.Arrays.fill(ones.data, 0, ones.getNumElements(), 1.0);
        return new DirectFeedbackSignal(ones, context.compute());
    }
}
