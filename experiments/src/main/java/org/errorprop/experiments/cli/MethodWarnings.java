package org.errorprop.experiments.cli;

import java.io.PrintStream;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.methods.feedback.Kickback;

/** Warnings about a rule that will run but cannot learn what the user probably expects. */
final class MethodWarnings {
    private MethodWarnings() {
    }

    static void report(RunSpec spec, DataSplit data, PrintStream err) {
        if (spec.method().equals(Kickback.NAME) && Kickback.vanishesUnder(spec.loss().loss(), data.train().outputWidth())) {
            err.println("warning: kickback's signal is identically zero under softmax cross-entropy (each example's "
                    + "output errors sum to zero), so only the output layer will learn; Kickback is meant for "
                    + "scalar-output regression (--loss squared-error with one output)");
        }
    }
}
