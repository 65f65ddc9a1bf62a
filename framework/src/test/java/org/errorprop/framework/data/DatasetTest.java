package org.errorprop.framework.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;

class DatasetTest {

    private static DMatrixRMaj inputs(int rows, int cols) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = i * 0.5;
        }
        return m;
    }

    private static void assertOneLine(InvalidInputException e, String... fragments) {
        String message = e.getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "message spans lines: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "message '" + message + "' lacks '" + fragment + "'");
        }
    }

    @Test
    void validClassificationKeepsLabels() {
        Dataset d = Dataset.classification("ok", inputs(3, 2), new int[] {2, 0, 1}, 3);
        assertEquals(3, d.size());
        assertEquals(2, d.inputWidth());
        assertEquals(3, d.outputWidth());
        assertEquals(2, d.label(0));
        assertEquals(0, d.label(1));
        assertEquals(1, d.label(2));
    }

    @Test
    void rejectsNaNInput() {
        DMatrixRMaj x = inputs(2, 2);
        x.set(1, 0, Double.NaN);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Dataset.classification("nan-set", x, new int[] {0, 1}, 2));
        assertOneLine(e, "nan-set", "NaN", "not finite", "example 1", "column 0");
    }

    @Test
    void rejectsInfiniteTarget() {
        DMatrixRMaj y = new DMatrixRMaj(2, 1);
        y.set(0, 0, Double.POSITIVE_INFINITY);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Dataset("inf-set", inputs(2, 2), y, 0));
        assertOneLine(e, "inf-set", "target", "not finite");
    }

    @Test
    void rejectsLabelOutOfRange() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Dataset.classification("labels", inputs(2, 2), new int[] {0, 3}, 3));
        assertOneLine(e, "labels", "label 3", "example 1", "outside 0..2");
    }

    @Test
    void rejectsNegativeLabel() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Dataset.classification("labels", inputs(2, 2), new int[] {-1, 0}, 3));
        assertOneLine(e, "label -1", "outside 0..2");
    }

    @Test
    void rejectsMismatchedRows() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Dataset.classification("rows", inputs(3, 2), new int[] {0, 1}, 2));
        assertOneLine(e, "rows", "3 inputs but 2 targets");
    }

    @Test
    void rejectsNonOneHotTargets() {
        DMatrixRMaj y = new DMatrixRMaj(2, 2);
        y.set(0, 0, 1);
        y.set(1, 0, 1);
        y.set(1, 1, 1);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Dataset("hot", inputs(2, 2), y, 2));
        assertOneLine(e, "hot", "row 1", "not one-hot");
    }

    @Test
    void rejectsEmpty() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Dataset.classification("none", new DMatrixRMaj(0, 2), new int[0], 2));
        assertOneLine(e, "none", "empty");
    }

    @Test
    void splitRejectsDifferentWidths() {
        Dataset train = Dataset.classification("a", inputs(2, 2), new int[] {0, 1}, 2);
        Dataset test = Dataset.classification("b", inputs(2, 3), new int[] {0, 1}, 2);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new DataSplit(train, test));
        assertOneLine(e, "a", "b", "disagree");
    }
}
