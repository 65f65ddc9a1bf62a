package org.errorprop.methods.feedback;

import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.methods.MethodProvider;
import org.errorprop.methods.PerBoundaryMethod;

/** Direct feedback alignment (Nøkland 2016) at every hidden boundary; see {@link FeedbackMatrices}. */
public final class DirectFeedbackAlignment extends PerBoundaryMethod {
    public static final String NAME = "dfa";
    private final double scale;

    public DirectFeedbackAlignment(FeedbackOptions options) {
        super(NAME);
        this.scale = options.scale();
    }

    /** Announces {@value #NAME} to the catalog (listed in META-INF/services). */
    public static final class Provider extends MethodProvider.Of<FeedbackOptions> {
        public Provider() {
            super(NAME, FeedbackOptions.DESCRIPTOR, DirectFeedbackAlignment::new);
        }
    }

    @Override
    protected ErrorSignal signalAt(int k, NetworkShape shape, MethodContext context) {
        return new DirectFeedbackSignal(FeedbackMatrices.draw(context, k, shape.boundaryWidth(k), shape.outputWidth(),
                scale), context.compute());
    }
}
