package org.errorprop.framework.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.errorprop.framework.random.RandomStreams;
import org.junit.jupiter.api.Test;

/**
 * {@link Initializer#SEMI_ORTHOGONAL}: {@code WᵀW = I} for tall maps, {@code WWᵀ = I} for wide ones. Entries of
 * the Gram matrix are dot products of at most 6 unit-scale terms after two Gram–Schmidt passes, so they are
 * within a few ulps of 0 or 1; 1e-14 is about 45 ulps of 1. A Gaussian fill (the generator's own draws)
 * misses the identity by O(1), so the check can fail.
 */
class SemiOrthogonalInitializerTest {

    private static DMatrixRMaj gram(DMatrixRMaj w) {
        boolean tall = w.numRows >= w.numCols;
        int n = tall ? w.numCols : w.numRows;
        DMatrixRMaj gram = new DMatrixRMaj(n, n);
        if (tall) {
            CommonOps_DDRM.multTransA(w, w, gram);
        } else {
            CommonOps_DDRM.multTransB(w, w, gram);
        }
        return gram;
    }

    private static double distanceFromIdentity(DMatrixRMaj gram) {
        double worst = 0;
        for (int i = 0; i < gram.numRows; i++) {
            for (int j = 0; j < gram.numCols; j++) {
                worst = Math.max(worst, Math.abs(gram.get(i, j) - (i == j ? 1 : 0)));
            }
        }
        return worst;
    }

    @Test
    void tallAndWideMapsHaveOrthonormalColumnsOrRows() {
        for (int[] shape : new int[][] {{5, 3}, {2, 6}, {4, 4}, {6, 1}}) {
            DMatrixRMaj w = new DMatrixRMaj(shape[0], shape[1]);
            Initializer.SEMI_ORTHOGONAL.fill(w, new RandomStreams(5).startOf("w"));
            assertEquals(0.0, distanceFromIdentity(gram(w)), 1e-14, shape[0] + "x" + shape[1]);
        }
        DMatrixRMaj gaussian = new DMatrixRMaj(5, 3);
        var random = new RandomStreams(5).startOf("w");
        for (int i = 0; i < gaussian.data.length; i++) {
            gaussian.data[i] = random.nextGaussian();
        }
        assertEquals(true, distanceFromIdentity(gram(gaussian)) > 0.1, "a Gaussian matrix passed as orthonormal");
    }

    @Test
    void theSameStreamGivesTheSameWeights() {
        DMatrixRMaj a = new DMatrixRMaj(8, 3);
        DMatrixRMaj b = new DMatrixRMaj(8, 3);
        Initializer.SEMI_ORTHOGONAL.fill(a, new RandomStreams(9).startOf("init/block-1"));
        Initializer.SEMI_ORTHOGONAL.fill(b, new RandomStreams(9).startOf("init/block-1"));
        assertArrayEquals(a.data, b.data);
    }

    @Test
    void itIsDrawnAsAWholeMatrixNeverByElement() {
        assertThrows(UnsupportedOperationException.class,
                () -> Initializer.SEMI_ORTHOGONAL.draw(new RandomStreams(1).startOf("x"), 2, 2));
    }
}
