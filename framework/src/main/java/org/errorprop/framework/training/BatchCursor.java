package org.errorprop.framework.training;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.linalg.Workspaces;

/** Copies the rows of a batch, in a given order, into reused workspaces. */
final class BatchCursor {
    private final Dataset data;
    private final int batchSize;
    private final DMatrixRMaj inputs = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj targets = new DMatrixRMaj(1, 1);

    BatchCursor(Dataset data, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
    }

    /** Gathers rows {@code order[start .. start+batchSize)} (fewer at the end); returns the batch size. */
    int gather(int[] order, int start) {
        int size = Math.min(batchSize, order.length - start);
        int inWidth = data.inputWidth();
        int outWidth = data.outputWidth();
        Workspaces.fit(inputs, size, inWidth);
        Workspaces.fit(targets, size, outWidth);
        for (int r = 0; r < size; r++) {
            int row = order[start + r];
            System.arraycopy(data.inputs().data, row * inWidth, inputs.data, r * inWidth, inWidth);
            System.arraycopy(data.targets().data, row * outWidth, targets.data, r * outWidth, outWidth);
        }
        return size;
    }

    /** Refuses, with one line, data whose widths are not the network's (both schedules). */
    static void requireWidths(org.errorprop.framework.data.DataSplit data,
                              org.errorprop.framework.network.NetworkShape shape) {
        if (data.train().inputWidth() != shape.inputWidth() || data.train().outputWidth() != shape.outputWidth()) {
            throw new org.errorprop.framework.InvalidInputException("the data has " + data.train().inputWidth()
                    + " inputs and " + data.train().outputWidth() + " outputs, the network " + shape.inputWidth()
                    + " and " + shape.outputWidth());
        }
    }

    /** One Fisher-Yates shuffle of {@code order}, in place: an epoch's order in every schedule. */
    static void shuffle(int[] order, org.apache.commons.math3.random.RandomGenerator random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
    }

    DMatrixRMaj inputs() {
        return inputs;
    }

    DMatrixRMaj targets() {
        return targets;
    }
}
