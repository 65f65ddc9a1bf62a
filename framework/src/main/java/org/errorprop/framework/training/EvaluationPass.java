package org.errorprop.framework.training;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.network.Block;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;

/**
 * A network run in evaluation mode (BatchNorm's running statistics) over a set of inputs, in
 * consecutive batches of rows so that memory stays bounded: the one way errorprop reads what a network
 * computes, for its loss and accuracy ({@link Evaluation}) or for its hidden layers. The same inputs
 * and batch size give the same numbers bit for bit, whichever of the two ways they are read.
 */
public final class EvaluationPass {
    /**
     * A batch size for passes over large data sets: a block keeps workspaces the size of its last input,
     * and a whole 8,000-digit pass would leave every block of a network holding tens of megabytes.
     */
    public static final int BATCH = 256;

    private EvaluationPass() {
    }

    /** Receives the network's output for the rows from {@code firstRow} on, in a workspace valid until the next call. */
    @FunctionalInterface
    public interface OutputVisitor {
        void visit(int firstRow, DMatrixRMaj output);
    }

    /** Receives layer {@code k} (1-based) for every input row, a fresh matrix it may keep but must not modify. */
    @FunctionalInterface
    public interface LayerVisitor {
        void visit(int layer, DMatrixRMaj activations);
    }

    /** Runs the whole network on each batch of {@code inputs}, in row order. */
    public static void outputs(Network network, DMatrixRMaj inputs, int batchSize, OutputVisitor visitor) {
        forEachBatch(inputs, batchSize, (firstRow, batch) -> visitor.visit(firstRow, network.forward(batch, Mode.EVAL)));
    }

    /**
     * Visits layers {@code 1 .. lastLayer} of {@code network} on {@code inputs}, bottom to top, one whole
     * layer at a time (layer {@code k} is computed in batches from layer {@code k - 1}), so only two layers
     * of a large data set are held at once. Layer {@code blocks} is the network's output.
     */
    public static void layers(Network network, DMatrixRMaj inputs, int lastLayer, int batchSize,
                              LayerVisitor visitor) {
        if (lastLayer < 1 || lastLayer > network.shape().blocks()) {
            throw new IllegalArgumentException("layer " + lastLayer + " of a network of " + network.shape().blocks()
                    + " blocks");
        }
        DMatrixRMaj current = inputs;
        for (int k = 1; k <= lastLayer; k++) {
            Block block = network.block(k);
            DMatrixRMaj layer = new DMatrixRMaj(current.numRows, block.outputWidth());
            forEachBatch(current, batchSize, (firstRow, batch) -> {
                DMatrixRMaj result = block.forward(batch, Mode.EVAL);
                System.arraycopy(result.data, 0, layer.data, firstRow * layer.numCols, result.numRows * layer.numCols);
            });
            visitor.visit(k, layer);
            current = layer;
        }
    }

    private interface BatchVisitor {
        void visit(int firstRow, DMatrixRMaj batch);
    }

    /** Copies rows {@code [first, first + batchSize)} of {@code rows} (fewer at the end) into one reused batch. */
    private static void forEachBatch(DMatrixRMaj rows, int batchSize, BatchVisitor visitor) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        DMatrixRMaj batch = new DMatrixRMaj(1, 1);
        for (int first = 0; first < rows.numRows; first += batchSize) {
            int size = Math.min(batchSize, rows.numRows - first);
            batch.reshape(size, rows.numCols, false);
            System.arraycopy(rows.data, first * rows.numCols, batch.data, 0, size * rows.numCols);
            visitor.visit(first, batch);
        }
    }
}
