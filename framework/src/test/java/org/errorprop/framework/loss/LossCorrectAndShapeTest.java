package org.errorprop.framework.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What each loss counts as a correct prediction (the accuracy of every report), row by row, with wrong rows
 * among right ones so that an accuracy below 100% is told from 100%; and that every loss refuses outputs,
 * targets and gradients of different shapes.
 */
class LossCorrectAndShapeTest {

    private static boolean[] correctRows(Loss loss, double[][] output, double[][] target) {
        DMatrixRMaj p = new DMatrixRMaj(output);
        DMatrixRMaj y = new DMatrixRMaj(target);
        boolean[] correct = new boolean[p.numRows];
        for (int r = 0; r < p.numRows; r++) {
            correct[r] = loss.correct(p, y, r);
        }
        return correct;
    }

    /** Several outputs: the largest output must sit at the target's class (the first of tied maxima). */
    @ParameterizedTest
    @EnumSource(LossFunction.class)
    void withSeveralOutputsTheLargestMustBeTheTargetsClass(LossFunction function) {
        double[][] output = {{0.1, 0.7, 0.2}, {0.1, 0.7, 0.2}, {-3, -1, -2}, {0.5, 0.5, 0.1}, {0.5, 0.5, 0.1}};
        double[][] target = {{0, 1, 0}, {1, 0, 0}, {0, 1, 0}, {1, 0, 0}, {0, 1, 0}};
        boolean[] expected = {true, false, true, true, false};
        assertArrayEqualsRowByRow(expected, correctRows(function.loss(), output, target), function.name());
    }

    /** One output of squared error: prediction and target on the same side of 0.5 (0.5 itself counts as below). */
    @Test
    void squaredErrorWithOneOutputThresholdsAtOneHalf() {
        double[][] output = {{0.9}, {0.2}, {0.9}, {0.2}, {0.5}, {0.5}, {0.6}};
        double[][] target = {{1}, {0}, {0}, {1}, {0}, {1}, {0.5}};
        boolean[] expected = {true, true, false, false, true, false, false};
        assertArrayEqualsRowByRow(expected, correctRows(new SquaredError(), output, target), "squared error");
    }

    /** One output of the log loss: the logit's sign against the target's side of 0.5 (logit 0 counts as negative). */
    @Test
    void logLossWithOneOutputThresholdsTheLogitAtZero() {
        double[][] output = {{2.0}, {-2.0}, {2.0}, {-2.0}, {0.0}, {0.0}, {0.1}};
        double[][] target = {{1}, {0}, {0}, {1}, {0}, {1}, {0.5}};
        boolean[] expected = {true, true, false, false, true, false, false};
        assertArrayEqualsRowByRow(expected, correctRows(new SigmoidLogLoss(), output, target), "log loss");
    }

    private static void assertArrayEqualsRowByRow(boolean[] expected, boolean[] actual, String what) {
        assertEquals(expected.length, actual.length);
        for (int r = 0; r < expected.length; r++) {
            assertEquals(expected[r], actual[r], what + ", row " + r);
        }
    }

    @ParameterizedTest
    @EnumSource(LossFunction.class)
    void outputsTargetsAndGradientsOfDifferentShapesAreRefused(LossFunction function) {
        Loss loss = function.loss();
        DMatrixRMaj output = new DMatrixRMaj(3, 2);
        DMatrixRMaj fewerRows = new DMatrixRMaj(2, 2);
        DMatrixRMaj moreColumns = new DMatrixRMaj(3, 3);
        DMatrixRMaj same = new DMatrixRMaj(3, 2);
        assertThrows(IllegalArgumentException.class, () -> loss.value(output, fewerRows));
        assertThrows(IllegalArgumentException.class, () -> loss.value(output, moreColumns));
        assertThrows(IllegalArgumentException.class, () -> loss.outputError(output, fewerRows, new DMatrixRMaj(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> loss.outputError(output, moreColumns, new DMatrixRMaj(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> loss.outputError(output, same, new DMatrixRMaj(2, 2)));
        assertThrows(IllegalArgumentException.class, () -> loss.outputError(output, same, new DMatrixRMaj(3, 1)));
    }
}
