package org.errorprop.framework.data;

import org.errorprop.framework.InvalidInputException;

/** A training split and a test split of one task, with matching widths. */
public record DataSplit(Dataset train, Dataset test) {
    public DataSplit {
        if (train.inputWidth() != test.inputWidth() || train.outputWidth() != test.outputWidth()
                || train.classes() != test.classes()) {
            throw new InvalidInputException("train (" + train.name() + ") and test (" + test.name()
                    + ") splits disagree on input width, output width or classes");
        }
    }
}
