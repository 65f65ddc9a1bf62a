package org.errorprop.methods.feedback;

import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.methods.MethodOptions;
import org.errorprop.methods.PerBoundaryMethod;

/** Direct feedback alignment (Nøkland 2016) at every hidden boundary; see {@link FeedbackMatrices}. */
public final class DirectFeedbackAlignment extends PerBoundaryMethod {
    public static final String NAME = "dfa";
    private final double scale;

    public DirectFeedbackAlignment(MethodOptions options) {
        super(NAME);
        this.scale = options.feedbackScale();
    }

    @Override
    protected ErrorSignal signalAt(int k, NetworkShape shape, MethodContext context) {
        return new DirectFeedbackSignal(FeedbackMatrices.draw(context, k, shape.boundaryWidth(k), shape.outputWidth(),
                scale), context.compute());
    }
}
