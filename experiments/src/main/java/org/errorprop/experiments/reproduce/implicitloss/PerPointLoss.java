package org.errorprop.experiments.reproduce.implicitloss;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.loss.Loss;

/** The loss of every example separately (the framework's {@link Loss#value} is the batch mean). */
public final class PerPointLoss {
    private PerPointLoss() {
    }

    public static double[] of(Loss loss, DMatrixRMaj output, DMatrixRMaj targets) {
        int columns = output.numCols;
        DMatrixRMaj outputRow = new DMatrixRMaj(1, columns);
        DMatrixRMaj targetRow = new DMatrixRMaj(1, columns);
        double[] values = new double[output.numRows];
        for (int r = 0; r < output.numRows; r++) {
            System.arraycopy(output.data, r * columns, outputRow.data, 0, columns);
            System.arraycopy(targets.data, r * columns, targetRow.data, 0, columns);
            values[r] = loss.value(outputRow, targetRow);
        }
        return values;
    }
}
