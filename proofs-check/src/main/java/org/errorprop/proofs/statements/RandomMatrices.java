package org.errorprop.proofs.statements;

import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;

/** Random matrices for the checks' recipes, drawn only from the generator handed in. */
final class RandomMatrices {
    private RandomMatrices() {
    }

    /** A {@code rows × cols} matrix of independent {@code N(0, scale²)} entries, in row-major order. */
    static DMatrixRMaj gaussian(int rows, int cols, double scale, RandomGenerator random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] = scale * random.nextGaussian();
        }
        return m;
    }

    /** Orthonormal columns: the thin Q of a Gaussian {@code rows × cols} matrix ({@code rows ≥ cols}). */
    static DMatrixRMaj orthonormalColumns(int rows, int cols, RandomGenerator random) {
        DMatrixRMaj g = gaussian(rows, cols, 1, random);
        QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(rows, cols);
        if (!qr.decompose(g)) {
            throw new IllegalStateException("QR of a Gaussian matrix failed");
        }
        return qr.getQ(null, true);
    }
}
