package org.errorprop.framework.training;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;

/**
 * Loss and accuracy of a network on a data set, in evaluation mode (BatchNorm's running statistics),
 * in batches so memory stays bounded.
 *
 * @param loss     mean loss over the examples
 * @param accuracy fraction classified correctly
 */
public record Evaluation(double loss, double accuracy) {

    public static Evaluation of(Network network, Loss loss, Dataset data, int batchSize) {
        BatchCursor batches = new BatchCursor(data, batchSize);
        double total = 0;
        long correct = 0;
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int start = 0; start < data.size(); start += batchSize) {
            int size = batches.gather(order, start);
            DMatrixRMaj output = network.forward(batches.inputs(), Mode.EVAL);
            total += loss.value(output, batches.targets()) * size;
            for (int r = 0; r < size; r++) {
                if (loss.correct(output, batches.targets(), r)) {
                    correct++;
                }
            }
        }
        return new Evaluation(total / data.size(), (double) correct / data.size());
    }
}
