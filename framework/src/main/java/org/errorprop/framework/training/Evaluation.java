package org.errorprop.framework.training;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.network.Network;

/**
 * Loss and accuracy of a network on a data set, in evaluation mode (BatchNorm's running statistics),
 * in batches so memory stays bounded ({@link EvaluationPass}).
 *
 * @param loss     mean loss over the examples
 * @param accuracy fraction classified correctly
 */
public record Evaluation(double loss, double accuracy) {

    public static Evaluation of(Network network, Loss loss, Dataset data, int batchSize) {
        Totals totals = new Totals(loss, data.targets());
        EvaluationPass.outputs(network, data.inputs(), batchSize, totals);
        return new Evaluation(totals.lossSum / data.size(), (double) totals.correct / data.size());
    }

    /** The loss summed over examples (a batch's mean times its size) and the count classified correctly. */
    private static final class Totals implements EvaluationPass.OutputVisitor {
        private final Loss function;
        private final DMatrixRMaj allTargets;
        private final DMatrixRMaj targets = new DMatrixRMaj(1, 1);
        private double lossSum;
        private long correct;

        Totals(Loss function, DMatrixRMaj allTargets) {
            this.function = function;
            this.allTargets = allTargets;
        }

        @Override
        public void visit(int firstRow, DMatrixRMaj output) {
            int size = output.numRows;
            targets.reshape(size, allTargets.numCols, false);
            System.arraycopy(allTargets.data, firstRow * allTargets.numCols, targets.data, 0, size * allTargets.numCols);
            lossSum += function.value(output, targets) * size;
            for (int r = 0; r < size; r++) {
                if (function.correct(output, targets, r)) {
                    correct++;
                }
            }
        }
    }
}
