package org.errorprop.framework.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

class BlasTest {

    private static DMatrixRMaj m(double[][] rows) {
        return new DMatrixRMaj(rows);
    }

    @Test
    void smallProductsAreExact() {
        // Small integers: every product and partial sum is exactly representable.
        DMatrixRMaj a = m(new double[][] {{1, 2, 3}, {4, 5, 6}});
        DMatrixRMaj b = m(new double[][] {{7, 8}, {9, 10}, {11, 12}});
        DMatrixRMaj c = new DMatrixRMaj(2, 2);
        Blas.multiply(a, b, c);
        assertArrayEquals(new double[] {58, 64, 139, 154}, c.data, 0.0);

        DMatrixRMaj ct = new DMatrixRMaj(3, 3);
        Blas.multiplyTransposeA(a, a, ct); // aᵀa, operands may be the same matrix
        assertArrayEquals(new double[] {17, 22, 27, 22, 29, 36, 27, 36, 45}, ct.data, 0.0);

        DMatrixRMaj cb = new DMatrixRMaj(2, 2);
        Blas.multiplyTransposeB(a, a, cb); // a aᵀ
        assertArrayEquals(new double[] {14, 32, 32, 77}, cb.data, 0.0);
    }

    @Test
    void rowTimesColumnAndColumnTimesRow() {
        DMatrixRMaj row = m(new double[][] {{1, -2, 3}});
        DMatrixRMaj column = m(new double[][] {{4}, {5}, {6}});
        DMatrixRMaj inner = new DMatrixRMaj(1, 1);
        Blas.multiply(row, column, inner);
        assertArrayEquals(new double[] {12}, inner.data, 0.0);
        DMatrixRMaj outer = new DMatrixRMaj(3, 3);
        Blas.multiply(column, row, outer);
        assertArrayEquals(new double[] {4, -8, 12, 5, -10, 15, 6, -12, 18}, outer.data, 0.0);
    }

    @Test
    void anEmptyInnerDimensionGivesZeros() {
        DMatrixRMaj a = new DMatrixRMaj(2, 0);
        DMatrixRMaj b = new DMatrixRMaj(0, 3);
        DMatrixRMaj c = new DMatrixRMaj(2, 3);
        java.util.Arrays.fill(c.data, 7.0);
        Blas.multiply(a, b, c);
        assertArrayEquals(new double[6], c.data, 0.0);
    }

    @Test
    void shapeMismatchesThrow() {
        DMatrixRMaj a23 = new DMatrixRMaj(2, 3);
        DMatrixRMaj b43 = new DMatrixRMaj(4, 3);
        DMatrixRMaj b32 = new DMatrixRMaj(3, 2);
        // inner dimensions disagree
        assertThrows(IllegalArgumentException.class, () -> Blas.multiply(a23, b43, new DMatrixRMaj(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> Blas.multiplyTransposeA(a23, b32, new DMatrixRMaj(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> Blas.multiplyTransposeB(a23, b32, new DMatrixRMaj(2, 3)));
        // the result has the wrong shape (including its transpose)
        assertThrows(IllegalArgumentException.class, () -> Blas.multiply(a23, b32, new DMatrixRMaj(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> Blas.multiply(a23, b32, new DMatrixRMaj(3, 3)));
        assertThrows(IllegalArgumentException.class, () -> Blas.multiplyTransposeA(a23, a23, new DMatrixRMaj(2, 2)));
        assertThrows(IllegalArgumentException.class, () -> Blas.multiplyTransposeB(a23, b43, new DMatrixRMaj(4, 2)));
        // and the correct shapes pass
        Blas.multiply(a23, b32, new DMatrixRMaj(2, 2));
        Blas.multiplyTransposeA(a23, a23, new DMatrixRMaj(3, 3));
        Blas.multiplyTransposeB(a23, b43, new DMatrixRMaj(2, 4));
    }

    @Test
    void aResultAliasingAnOperandThrows() {
        DMatrixRMaj a = m(new double[][] {{1, 2}, {3, 4}});
        DMatrixRMaj b = m(new double[][] {{5, 6}, {7, 8}});
        DMatrixRMaj aBefore = a.copy();
        DMatrixRMaj bBefore = b.copy();
        assertThrows(IllegalArgumentException.class, () -> Blas.multiply(a, b, a));
        assertThrows(IllegalArgumentException.class, () -> Blas.multiply(a, b, b));
        assertThrows(IllegalArgumentException.class, () -> Blas.multiplyTransposeA(a, b, a));
        assertThrows(IllegalArgumentException.class, () -> Blas.multiplyTransposeA(a, b, b));
        assertThrows(IllegalArgumentException.class, () -> Blas.multiplyTransposeB(a, b, a));
        assertThrows(IllegalArgumentException.class, () -> Blas.multiplyTransposeB(a, b, b));
        assertThrows(IllegalArgumentException.class, () -> Blas.gemm(false, false, 1, a, a, 0, a));
        // nothing was written before the refusal
        assertArrayEquals(aBefore.data, a.data, 0.0);
        assertArrayEquals(bBefore.data, b.data, 0.0);
    }

    @Test
    void theBackendIsNamed() {
        assertNotNull(Blas.backend());
        assertTrue(Blas.implementationName().contains("."), Blas.implementationName());
    }

    @Test
    void theEjmlPathAgreesWithBlasForEveryTransposeAndBeta() {
        // Small integers: every product and partial sum is exact, so both paths must agree bit for bit.
        java.util.Random random = new java.util.Random(6);
        for (boolean transposeA : new boolean[] {false, true}) {
            for (boolean transposeB : new boolean[] {false, true}) {
                for (double beta : new double[] {0.0, 1.0, -2.0}) {
                    DMatrixRMaj a = integers(transposeA ? 4 : 3, transposeA ? 3 : 4, random);
                    DMatrixRMaj b = integers(transposeB ? 5 : 4, transposeB ? 4 : 5, random);
                    DMatrixRMaj start = integers(3, 5, random);
                    DMatrixRMaj viaBlas = start.copy();
                    DMatrixRMaj viaEjml = start.copy();
                    Blas.gemm(transposeA, transposeB, 3.0, a, b, beta, viaBlas);
                    Blas.ejmlGemm(transposeA, transposeB, 3.0, a, b, beta, viaEjml);
                    assertArrayEquals(viaBlas.data, viaEjml.data, 0.0,
                            "transposeA " + transposeA + ", transposeB " + transposeB + ", beta " + beta);
                }
            }
        }
    }

    private static DMatrixRMaj integers(int rows, int columns, java.util.Random random) {
        DMatrixRMaj matrix = new DMatrixRMaj(rows, columns);
        for (int i = 0; i < matrix.data.length; i++) {
            matrix.data[i] = random.nextInt(11) - 5;
        }
        return matrix;
    }

    @Test
    void aProductSplitByRowsEqualsTheWholeProduct() {
        // Large enough to be split across the shared splitter's parts; 130 rows cut at 64, not at 65 (a cut at
        // 65 made this test fail: OpenBLAS's edge kernel rounds differently).
        org.junit.jupiter.api.Assumptions.assumeTrue(
                org.errorprop.framework.parallel.WorkSplitter.shared().parts() > 1, "the products are not split here");
        java.util.Random random = new java.util.Random(7);
        for (boolean transposeA : new boolean[] {false, true}) {
            for (boolean transposeB : new boolean[] {false, true}) {
                int m = 130;
                int k = 96;
                int n = 90;
                assertTrue(2.0 * m * n * k >= Blas.SPLIT_FLOPS);
                DMatrixRMaj a = gaussian(transposeA ? k : m, transposeA ? m : k, random);
                DMatrixRMaj b = gaussian(transposeB ? n : k, transposeB ? k : n, random);
                DMatrixRMaj split = new DMatrixRMaj(m, n);
                DMatrixRMaj whole = new DMatrixRMaj(m, n);
                Blas.gemm(transposeA, transposeB, 1.5, a, b, 0.0, split);
                Blas.gemmRows(transposeA, transposeB, 1.5, a, b, 0.0, whole, 0, m);
                if (Blas.backend() == BlasBackend.NATIVE) {
                    // OpenBLAS computes each element the same way whichever rows a call covers
                    assertArrayEquals(whole.data, split.data, 0.0);
                } else {
                    // the pure-Java kernels may reorder a dot product: k·ε·Σ|a||b| with Σ|a||b| <= k·max|a|·max|b|
                    double bound = k * Math.ulp(1.0) * 1.5 * k * maxAbs(a) * maxAbs(b);
                    assertArrayEquals(whole.data, split.data, bound);
                }
            }
        }
    }

    private static DMatrixRMaj gaussian(int rows, int columns, java.util.Random random) {
        DMatrixRMaj matrix = new DMatrixRMaj(rows, columns);
        for (int i = 0; i < matrix.data.length; i++) {
            matrix.data[i] = random.nextGaussian();
        }
        return matrix;
    }

    private static double maxAbs(DMatrixRMaj matrix) {
        double max = 0;
        for (double v : matrix.data) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
