package org.errorprop.methods.feedback;

import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.methods.MethodProvider;
import org.errorprop.methods.PerBoundaryMethod;

/** Feedback alignment at every hidden boundary; see {@link FeedbackMatrices} for the scaling. */
public final class FeedbackAlignment extends PerBoundaryMethod {
    public static final String NAME = "fa";
    private final double scale;

    public FeedbackAlignment(FeedbackOptions options) {
        super(NAME);
        this.scale = options.scale();
    }

    /** Announces {@value #NAME} to the catalog (listed in META-INF/services). */
    public static final class Provider extends MethodProvider.Of<FeedbackOptions> {
        public Provider() {
            super(NAME, FeedbackOptions.DESCRIPTOR, FeedbackAlignment::new);
        }
    }

    @Override
    protected ErrorSignal signalAt(int k, NetworkShape shape, MethodContext context) {
        return new FeedbackAlignmentSignal(FeedbackMatrices.draw(context, k, shape.boundaryWidth(k),
                shape.widths().get(k + 1), scale));
    }
}
