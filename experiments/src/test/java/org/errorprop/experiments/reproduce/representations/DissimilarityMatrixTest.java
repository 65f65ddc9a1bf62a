package org.errorprop.experiments.reproduce.representations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * RDM entries and the diagonal-block distance on inputs whose answers follow by hand. Tolerance
 * {@code 1e-12}: each entry is one dot product of at most 3 unit-normalised terms, so rounding is a few
 * float64 ulps (about 1e-16) per term; 1e-12 leaves four orders of margin and still catches any
 * formula error, which would be of order 0.1.
 */
class DissimilarityMatrixTest {
    private static final double TOLERANCE = 1e-12;

    @Test
    void perfectlyCorrelatedAnticorrelatedAndUncorrelatedRows() {
        DMatrixRMaj rows = new DMatrixRMaj(new double[][] {
            {1, 2, 3},     // reference
            {2, 4, 6},     // a positive multiple: corr 1, dissimilarity 0
            {3, 2, 1},     // reversed: corr −1, dissimilarity 2
            {1, -2, 1},    // centred and orthogonal to {−1, 0, 1}: corr 0, dissimilarity 1
        });
        double[][] rdm = DissimilarityMatrix.of(rows);
        assertEquals(0.0, rdm[0][0], TOLERANCE);
        assertEquals(0.0, rdm[0][1], TOLERANCE);
        assertEquals(2.0, rdm[0][2], TOLERANCE);
        assertEquals(1.0, rdm[0][3], TOLERANCE);
        assertEquals(rdm[2][0], rdm[0][2], 0.0, "symmetric");
    }

    @Test
    void aConstantRowCountsAsUncorrelated() {
        DMatrixRMaj rows = new DMatrixRMaj(new double[][] {{0, 0, 0}, {1, 2, 3}});
        double[][] rdm = DissimilarityMatrix.of(rows);
        assertEquals(0.0, rdm[0][0], 0.0);
        assertEquals(1.0, rdm[0][1], 0.0);
    }

    @Test
    void differencesOutsideTheDiagonalBlocksDoNotCount() {
        int[] labels = {0, 0, 1, 1};
        double[][] a = new double[4][4];
        double[][] b = new double[4][4];
        b[0][2] = 1.5;  // between classes 0 and 1: outside every diagonal block
        b[2][0] = 1.5;
        assertEquals(0.0, DissimilarityMatrix.diagonalBlockDistance(a, b, labels), 0.0);
    }

    @Test
    void differencesInsideADiagonalBlockDoCount() {
        int[] labels = {0, 0, 1, 1};
        double[][] a = new double[4][4];
        double[][] b = new double[4][4];
        b[0][1] = 0.5;  // within class 0, both triangle entries: sqrt(0.25 + 0.25)
        b[1][0] = 0.5;
        double distance = DissimilarityMatrix.diagonalBlockDistance(a, b, labels);
        assertEquals(Math.sqrt(0.5), distance, TOLERANCE);
        assertTrue(distance > 0, "the check fails when the hypothesis (equal blocks) is broken");
    }
}
