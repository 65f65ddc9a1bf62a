package org.errorprop.framework.data;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;

/**
 * {@code x ↦ (x − mean) / std} applied to every input feature; {@code (0.1307, 0.3081)} is the usual
 * choice for MNIST digits scaled to {@code [0, 1]}.
 */
public record Normalization(double mean, double std) {

    public static final Normalization NONE = new Normalization(0.0, 1.0);
    public static final Normalization MNIST = new Normalization(0.1307, 0.3081);

    public Normalization {
        if (!Double.isFinite(mean) || !(std > 0) || !Double.isFinite(std)) {
            throw new InvalidInputException("normalisation needs a finite mean and a positive std, got " + mean + ", "
                    + std);
        }
    }

    public Dataset apply(Dataset data) {
        DMatrixRMaj x = data.inputs().copy();
        for (int i = 0, n = x.getNumElements(); i < n; i++) {
            x.data[i] = (x.data[i] - mean) / std;
        }
        return new Dataset(data.name(), x, data.targets(), data.classes());
    }

    public DataSplit apply(DataSplit split) {
        return new DataSplit(apply(split.train()), apply(split.test()));
    }
}
