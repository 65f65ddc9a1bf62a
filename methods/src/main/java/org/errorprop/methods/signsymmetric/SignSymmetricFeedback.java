package org.errorprop.methods.signsymmetric;

import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.methods.MethodProvider;
import org.errorprop.methods.PerBoundaryMethod;
import org.errorprop.methods.options.NoOptions;
import org.errorprop.methods.options.OptionsDescriptor;

/**
 * Sign-symmetric feedback (Liao, Leibo and Poggio 2016): the error is carried down by
 * {@code sign(W_{k+1})} scaled by the mean {@code |W_{k+1}|}, keeping the forward weights' signs but
 * none of their magnitudes. The README's worked example of adding a rule: this class (with its
 * {@link Provider}) plus one line in {@code META-INF/services/org.errorprop.methods.MethodProvider}.
 */
public final class SignSymmetricFeedback extends PerBoundaryMethod {
    public static final String NAME = "sign-symmetric";

    public SignSymmetricFeedback() {
        super(NAME);
    }

    /** Announces {@value #NAME} to the catalog (listed in META-INF/services); it takes no options. */
    public static final class Provider extends MethodProvider.Of<NoOptions> {
        public Provider() {
            super(NAME, OptionsDescriptor.none(), options -> new SignSymmetricFeedback());
        }
    }

    @Override
    protected ErrorSignal signalAt(int k, NetworkShape shape, MethodContext context) {
        DMatrixRMaj carrier = new DMatrixRMaj(shape.boundaryWidth(k), shape.widths().get(k + 1));
        return new ErrorSignal() {
            @Override
            public Set<SignalNeed> needs() {
                return Set.of(SignalNeed.UPSTREAM_SIGNAL);
            }

            @Override
            public DMatrixRMaj signal(Boundary at) {
                DMatrixRMaj weights = at.upstreamWeights();
                int n = weights.getNumElements();
                double magnitudeSum = 0;
                for (int i = 0; i < n; i++) {
                    magnitudeSum += Math.abs(weights.data[i]);
                }
                double meanMagnitude = magnitudeSum / n;
                for (int i = 0; i < n; i++) {
                    carrier.data[i] = Math.signum(weights.data[i]) * meanMagnitude;
                }
                return at.upstreamErrorCarriedBy(carrier);
            }
        };
    }
}
