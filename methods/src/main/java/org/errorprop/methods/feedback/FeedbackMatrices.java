package org.errorprop.methods.feedback;

import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.signal.MethodContext;

/**
 * Fixed random feedback matrices for feedback alignment and direct feedback alignment.
 *
 * <p>Scaling: the entries are drawn from {@code U(−s/√r, s/√r)} where {@code r} is the matrix's
 * number of rows (the width of {@code h_k}, the fan-in of the map {@code h_k ↦ h_k A}) and {@code s}
 * the configurable feedback scale (default 1). With {@code s = 1} a feedback matrix has exactly the
 * distribution of a freshly initialised forward weight matrix of the same shape, so at the start of
 * training FA's signal has backprop's magnitude. Each matrix comes from its own named stream
 * ({@code "feedback/boundary-k"} below the method's streams) and is drawn in the constructor.
 */
public final class FeedbackMatrices {
    private FeedbackMatrices() {
    }

    /** A {@code rows × cols} matrix for boundary {@code k}. */
    public static DMatrixRMaj draw(MethodContext context, int k, int rows, int cols, double scale) {
        DMatrixRMaj matrix = new DMatrixRMaj(rows, cols);
        RandomGenerator random = context.random().startOf("feedback/boundary-" + k);
        Initializer.UNIFORM_FAN_IN.fill(matrix, random);
        if (scale != 1.0) {
            for (int i = 0, n = matrix.getNumElements(); i < n; i++) {
                matrix.data[i] *= scale;
            }
        }
        return matrix;
    }
}
