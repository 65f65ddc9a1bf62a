package org.errorprop.experiments.reproduce.representations;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.network.Block;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;

/**
 * Walks a trained network's hidden layers over a set of inputs in evaluation mode (BatchNorm's running
 * statistics), handing each layer's activations {@code h_k} to a visitor one layer at a time, so that
 * only one layer of a large data set is held at once. Each block runs on batches of {@value #BATCH}
 * rows: a block keeps workspaces the size of its last input, and a whole 8,000-digit pass would leave
 * every block of every network holding tens of megabytes.
 */
public final class HiddenLayers {
    static final int BATCH = 256;

    private HiddenLayers() {
    }

    /** Receives hidden layer {@code k} (1-based), {@code examples × width}, a fresh matrix it may keep but must not modify. */
    @FunctionalInterface
    public interface Visitor {
        void visit(int layer, DMatrixRMaj activations);
    }

    /** Visits hidden layers 1 .. (blocks − 1) of {@code network} on {@code inputs}, bottom to top. */
    public static void visit(Network network, DMatrixRMaj inputs, Visitor visitor) {
        int hidden = network.shape().blocks() - 1;
        DMatrixRMaj current = inputs;
        for (int k = 1; k <= hidden; k++) {
            current = forwardInBatches(network.block(k), current);
            visitor.visit(k, current);
        }
    }

    private static DMatrixRMaj forwardInBatches(Block block, DMatrixRMaj input) {
        DMatrixRMaj output = new DMatrixRMaj(input.numRows, block.outputWidth());
        for (int start = 0; start < input.numRows; start += BATCH) {
            int rows = Math.min(BATCH, input.numRows - start);
            DMatrixRMaj batch = new DMatrixRMaj(rows, input.numCols);
            System.arraycopy(input.data, start * input.numCols, batch.data, 0, rows * input.numCols);
            DMatrixRMaj result = block.forward(batch, Mode.EVAL);
            System.arraycopy(result.data, 0, output.data, start * output.numCols, rows * output.numCols);
        }
        return output;
    }
}
