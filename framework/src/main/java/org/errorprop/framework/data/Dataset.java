package org.errorprop.framework.data;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;

/**
 * Examples and their targets, rows are examples.
 *
 * <p>For classification {@code classes > 0} and each row of {@code targets} is one-hot over the
 * classes; for regression {@code classes == 0} and the targets are real values. The constructor
 * rejects NaN or infinite values, shape mismatches and rows that are not one-hot, so a {@code Dataset}
 * that exists is valid.
 *
 * @param name     a short human-readable name, used in reports
 * @param inputs   {@code n × d}
 * @param targets  {@code n × outputs}
 * @param classes  number of classes, or 0 for regression
 */
public record Dataset(String name, DMatrixRMaj inputs, DMatrixRMaj targets, int classes) {

    public Dataset {
        if (inputs.numRows != targets.numRows) {
            throw new InvalidInputException(name + ": " + inputs.numRows + " inputs but " + targets.numRows
                    + " targets");
        }
        if (inputs.numRows == 0 || inputs.numCols == 0 || targets.numCols == 0) {
            throw new InvalidInputException(name + ": empty data set (" + inputs.numRows + " examples of "
                    + inputs.numCols + " features)");
        }
        if (classes < 0) {
            throw new InvalidInputException(name + ": negative number of classes " + classes);
        }
        if (classes > 0 && targets.numCols != classes) {
            throw new InvalidInputException(name + ": " + classes + " classes but targets have "
                    + targets.numCols + " columns");
        }
        requireFinite(name, "input", inputs);
        requireFinite(name, "target", targets);
        if (classes > 0) {
            requireOneHot(name, targets);
        }
    }

    /** A classification data set from integer labels in {@code [0, classes)}. */
    public static Dataset classification(String name, DMatrixRMaj inputs, int[] labels, int classes) {
        if (classes <= 0) {
            throw new InvalidInputException(name + ": number of classes must be positive, was " + classes);
        }
        DMatrixRMaj oneHot = new DMatrixRMaj(labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new InvalidInputException(name + ": label " + labels[i] + " of example " + i
                        + " is outside 0.." + (classes - 1));
            }
            oneHot.unsafe_set(i, labels[i], 1.0);
        }
        return new Dataset(name, inputs, oneHot, classes);
    }

    public int size() {
        return inputs.numRows;
    }

    public int inputWidth() {
        return inputs.numCols;
    }

    public int outputWidth() {
        return targets.numCols;
    }

    public boolean isClassification() {
        return classes > 0;
    }

    /** The label of example {@code i} (classification only). */
    public int label(int i) {
        int offset = i * classes;
        for (int c = 0; c < classes; c++) {
            if (targets.data[offset + c] == 1.0) {
                return c;
            }
        }
        throw new IllegalStateException("row " + i + " is not one-hot");
    }

    private static void requireFinite(String name, String what, DMatrixRMaj m) {
        int size = m.getNumElements();
        for (int i = 0; i < size; i++) {
            if (!Double.isFinite(m.data[i])) {
                throw new InvalidInputException(name + ": " + what + " value " + m.data[i] + " (not finite) in example "
                        + i / m.numCols + ", column " + i % m.numCols);
            }
        }
    }

    private static void requireOneHot(String name, DMatrixRMaj targets) {
        for (int r = 0; r < targets.numRows; r++) {
            int ones = 0;
            for (int c = 0; c < targets.numCols; c++) {
                double v = targets.unsafe_get(r, c);
                if (v == 1.0) {
                    ones++;
                } else if (v != 0.0) {
                    throw new InvalidInputException(name + ": target row " + r + " is not one-hot (value " + v + ")");
                }
            }
            if (ones != 1) {
                throw new InvalidInputException(name + ": target row " + r + " is not one-hot (" + ones + " ones)");
            }
        }
    }
}
