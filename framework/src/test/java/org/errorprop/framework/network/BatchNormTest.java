package org.errorprop.framework.network;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** BatchNorm's statistics, which the gradient checks do not see (running statistics are not differentiated). */
class BatchNormTest {
    private static final Compute COMPUTE = Compute.sequential();

    // Column 0: 1, 2, 3, 6 → mean 3, squared deviations 4+1+0+9 = 14, biased var 3.5, unbiased 14/3.
    // Column 1: all 5 → mean 5, variance 0.
    private static final DMatrixRMaj X = new DMatrixRMaj(new double[][] {{1, 5}, {2, 5}, {3, 5}, {6, 5}});

    @Test
    void trainingModeNormalisesWithTheBiasedBatchVariance() {
        BatchNorm bn = new BatchNorm("bn", 2, COMPUTE);
        DMatrixRMaj y = bn.forward(X, Mode.TRAIN);
        double inverseStd = 1 / Math.sqrt(3.5 + BatchNorm.DEFAULT_EPSILON);
        double[] expected = {(1 - 3) * inverseStd, 0, (2 - 3) * inverseStd, 0, (3 - 3) * inverseStd, 0,
                (6 - 3) * inverseStd, 0};
        assertArrayEquals(expected, y.data, 1e-15);
    }

    @Test
    void runningStatisticsMoveByTheMomentumTowardsTheUnbiasedBatchStatistics() {
        BatchNorm bn = new BatchNorm("bn", 2, COMPUTE);
        bn.forward(X, Mode.TRAIN);
        // PyTorch's BatchNorm1d: running = (1 − m)·running + m·batch, with the unbiased variance.
        assertArrayEquals(new double[] {0.1 * 3, 0.1 * 5}, bn.runningMean(), 1e-15);
        assertArrayEquals(new double[] {0.9 + 0.1 * 14 / 3.0, 0.9}, bn.runningVariance(), 1e-15);
        bn.forward(X, Mode.TRAIN);
        assertArrayEquals(new double[] {0.9 * 0.3 + 0.3, 0.9 * 0.5 + 0.5}, bn.runningMean(), 1e-15);
    }

    @Test
    void evaluationModeUsesAndKeepsTheRunningStatistics() {
        BatchNorm bn = new BatchNorm("bn", 2, COMPUTE);
        bn.forward(X, Mode.TRAIN);
        double[] mean = bn.runningMean();
        double[] variance = bn.runningVariance();
        bn.scale().value().data[0] = 2.0;
        bn.shift().value().data[1] = -1.0;
        DMatrixRMaj y = bn.forward(X, Mode.EVAL);
        for (int r = 0; r < 4; r++) {
            assertEquals(2.0 * (X.get(r, 0) - mean[0]) / Math.sqrt(variance[0] + BatchNorm.DEFAULT_EPSILON),
                    y.get(r, 0), 1e-14);
            assertEquals((X.get(r, 1) - mean[1]) / Math.sqrt(variance[1] + BatchNorm.DEFAULT_EPSILON) - 1.0,
                    y.get(r, 1), 1e-14);
        }
        assertArrayEquals(mean, bn.runningMean(), 0.0);
        assertArrayEquals(variance, bn.runningVariance(), 0.0);
    }

    @Test
    void aSingleRowUsesTheBiasedVarianceForTheRunningStatistics() {
        BatchNorm bn = new BatchNorm("bn", 1, COMPUTE);
        bn.forward(new DMatrixRMaj(new double[][] {{4.0}}), Mode.TRAIN);
        assertArrayEquals(new double[] {0.4}, bn.runningMean(), 1e-15);
        assertArrayEquals(new double[] {0.9}, bn.runningVariance(), 1e-15);
    }

    @Test
    void backwardWithoutForwardIsAnError() {
        assertThrows(IllegalStateException.class, () -> new BatchNorm("bn", 2, COMPUTE).backward(new DMatrixRMaj(3, 2)));
        BatchNorm bn = new BatchNorm("bn", 2, COMPUTE);
        bn.forward(X, Mode.TRAIN);
        assertThrows(IllegalStateException.class, () -> bn.backward(new DMatrixRMaj(3, 2)));
    }

    @Test
    void invalidConstructionIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm("bn", 0, COMPUTE));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm("bn", 2, 0.0, 0.1, COMPUTE));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm("bn", 2, 1e-5, 1.5, COMPUTE));
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm("bn", 2, Double.NaN, 0.1, COMPUTE));
    }
}
