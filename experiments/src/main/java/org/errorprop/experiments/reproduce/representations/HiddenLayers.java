package org.errorprop.experiments.reproduce.representations;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;

/**
 * Walks a trained network's hidden layers over a set of inputs in evaluation mode (BatchNorm's running
 * statistics), handing each layer's activations {@code h_k} to a visitor one layer at a time, so that
 * only one layer of a large data set is held at once.
 */
public final class HiddenLayers {
    private HiddenLayers() {
    }

    /** Receives hidden layer {@code k} (1-based) as an {@code examples × width} copy it may keep. */
    @FunctionalInterface
    public interface Visitor {
        void visit(int layer, DMatrixRMaj activations);
    }

    /** Visits hidden layers 1 .. (blocks − 1) of {@code network} on {@code inputs}, bottom to top. */
    public static void visit(Network network, DMatrixRMaj inputs, Visitor visitor) {
        int hidden = network.shape().blocks() - 1;
        DMatrixRMaj current = inputs;
        for (int k = 1; k <= hidden; k++) {
            current = network.block(k).forward(current, Mode.EVAL);
            visitor.visit(k, current.copy());
        }
    }
}
