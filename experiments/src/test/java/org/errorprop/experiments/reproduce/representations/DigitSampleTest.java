package org.errorprop.experiments.reproduce.representations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.random.RandomStreams;
import org.junit.jupiter.api.Test;

/** The balanced, label-sorted sample behind the RDMs. */
class DigitSampleTest {
    private static Dataset interleaved() {
        int n = 30;
        DMatrixRMaj x = new DMatrixRMaj(n, 1);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            x.set(i, 0, i);
        }
        return Dataset.classification("interleaved", x, labels, 3);
    }

    @Test
    void equalCountsSortedByLabelAndReproducible() {
        Dataset data = interleaved();
        int[] first = DigitSample.balancedIndices(data, 4, new RandomStreams(7).startOf("s"));
        int[] again = DigitSample.balancedIndices(data, 4, new RandomStreams(7).startOf("s"));
        assertArrayEquals(first, again);
        Dataset sample = DigitSample.subset(data, first, "sample");
        for (int i = 0; i < 12; i++) {
            assertEquals(i / 4, sample.label(i));
            assertEquals(first[i], (int) sample.inputs().get(i, 0));
        }
    }

    @Test
    void aClassTooSmallIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> DigitSample.balancedIndices(interleaved(), 11, new RandomStreams(7).startOf("s")));
    }
}
