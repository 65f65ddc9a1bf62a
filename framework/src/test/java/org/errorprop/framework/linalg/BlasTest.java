package org.errorprop.framework.linalg;

import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.parallel.WorkSplitter;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlasTest {
    private static final Compute COMPUTE = Compute.sequential();


    private static DMatrixRMaj m(double[][] rows) {
        return new DMatrixRMaj(rows);
    }

    @Test
    void smallProductsAreExact() {
        // Small integers: every product and partial sum is exactly representable.
        DMatrixRMaj a = m(new double[][] {{1, 2, 3}, {4, 5, 6}});
        DMatrixRMaj b = m(new double[][] {{7, 8}, {9, 10}, {11, 12}});
        DMatrixRMaj c = new DMatrixRMaj(2, 2);
        COMPUTE.blas().multiply(a, b, c);
        assertArrayEquals(new double[] {58, 64, 139, 154}, c.data, 0.0);

        DMatrixRMaj ct = new DMatrixRMaj(3, 3);
        COMPUTE.blas().multiplyTransposeA(a, a, ct); // aᵀa, operands may be the same matrix
        assertArrayEquals(new double[] {17, 22, 27, 22, 29, 36, 27, 36, 45}, ct.data, 0.0);

        DMatrixRMaj cb = new DMatrixRMaj(2, 2);
        COMPUTE.blas().multiplyTransposeB(a, a, cb); // a aᵀ
        assertArrayEquals(new double[] {14, 32, 32, 77}, cb.data, 0.0);
    }

    @Test
    void rowTimesColumnAndColumnTimesRow() {
        DMatrixRMaj row = m(new double[][] {{1, -2, 3}});
        DMatrixRMaj column = m(new double[][] {{4}, {5}, {6}});
        DMatrixRMaj inner = new DMatrixRMaj(1, 1);
        COMPUTE.blas().multiply(row, column, inner);
        assertArrayEquals(new double[] {12}, inner.data, 0.0);
        DMatrixRMaj outer = new DMatrixRMaj(3, 3);
        COMPUTE.blas().multiply(column, row, outer);
        assertArrayEquals(new double[] {4, -8, 12, 5, -10, 15, 6, -12, 18}, outer.data, 0.0);
    }

    @Test
    void anEmptyInnerDimensionGivesZeros() {
        DMatrixRMaj a = new DMatrixRMaj(2, 0);
        DMatrixRMaj b = new DMatrixRMaj(0, 3);
        DMatrixRMaj c = new DMatrixRMaj(2, 3);
        java.util.Arrays.fill(c.data, 7.0);
        COMPUTE.blas().multiply(a, b, c);
        assertArrayEquals(new double[6], c.data, 0.0);
    }

    @Test
    void shapeMismatchesThrow() {
        DMatrixRMaj a23 = new DMatrixRMaj(2, 3);
        DMatrixRMaj b43 = new DMatrixRMaj(4, 3);
        DMatrixRMaj b32 = new DMatrixRMaj(3, 2);
        // inner dimensions disagree
        assertThrows(IllegalArgumentException.class, () -> COMPUTE.blas().multiply(a23, b43, new DMatrixRMaj(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> COMPUTE.blas().multiplyTransposeA(a23, b32, new DMatrixRMaj(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> COMPUTE.blas().multiplyTransposeB(a23, b32, new DMatrixRMaj(2, 3)));
        // the result has the wrong shape (including its transpose)
        assertThrows(IllegalArgumentException.class, () -> COMPUTE.blas().multiply(a23, b32, new DMatrixRMaj(2, 3)));
        assertThrows(IllegalArgumentException.class, () -> COMPUTE.blas().multiply(a23, b32, new DMatrixRMaj(3, 3)));
        assertThrows(IllegalArgumentException.class, () -> COMPUTE.blas().multiplyTransposeA(a23, a23, new DMatrixRMaj(2, 2)));
        assertThrows(IllegalArgumentException.class, () -> COMPUTE.blas().multiplyTransposeB(a23, b43, new DMatrixRMaj(4, 2)));
        // and the correct shapes pass
        COMPUTE.blas().multiply(a23, b32, new DMatrixRMaj(2, 2));
        COMPUTE.blas().multiplyTransposeA(a23, a23, new DMatrixRMaj(3, 3));
        COMPUTE.blas().multiplyTransposeB(a23, b43, new DMatrixRMaj(2, 4));
    }

    @Test
    void aResultAliasingAnOperandThrows() {
        DMatrixRMaj a = m(new double[][] {{1, 2}, {3, 4}});
        DMatrixRMaj b = m(new double[][] {{5, 6}, {7, 8}});
        DMatrixRMaj aBefore = a.copy();
        DMatrixRMaj bBefore = b.copy();
        assertThrows(IllegalArgumentException.class, () -> COMPUTE.blas().multiply(a, b, a));
        assertThrows(IllegalArgumentException.class, () -> COMPUTE.blas().multiply(a, b, b));
        assertThrows(IllegalArgumentException.class, () -> COMPUTE.blas().multiplyTransposeA(a, b, a));
        assertThrows(IllegalArgumentException.class, () -> COMPUTE.blas().multiplyTransposeA(a, b, b));
        assertThrows(IllegalArgumentException.class, () -> COMPUTE.blas().multiplyTransposeB(a, b, a));
        assertThrows(IllegalArgumentException.class, () -> COMPUTE.blas().multiplyTransposeB(a, b, b));
        assertThrows(IllegalArgumentException.class, () -> COMPUTE.blas().gemm(false, false, 1, a, a, 0, a));
        // nothing was written before the refusal
        assertArrayEquals(aBefore.data, a.data, 0.0);
        assertArrayEquals(bBefore.data, b.data, 0.0);
    }

    @Test
    void theBackendIsNamed() {
        assertNotNull(COMPUTE.blas().kind());
        assertTrue(COMPUTE.blas().implementationName().contains("."), COMPUTE.blas().implementationName());
        assertEquals(BlasKind.EJML, new Blas(BlasBackend.EJML, new WorkSplitter(1)).kind());
        assertNotEquals(BlasKind.NATIVE, new Blas(BlasBackend.JAVA, new WorkSplitter(1)).kind());
    }

    @Test
    void anUnknownBackendIsAUsersMistakeNamingTheChoices() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> BlasBackend.parse("cuda"));
        assertTrue(e.getMessage().contains("auto, native, java or ejml"), e.getMessage());
        assertEquals(BlasBackend.EJML, BlasBackend.parse(" EJML "));
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
                    COMPUTE.blas().gemm(transposeA, transposeB, 3.0, a, b, beta, viaBlas);
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
    void aProductIsSplitOnlyWhenEveryPartStaysOnOpenBlasNormalKernelPath() {
        Blas twoParts = new Blas(BlasBackend.AUTO, new WorkSplitter(2));
        // the training product: halves of 524k multiply-adds would take SkylakeX's small-matrix kernel
        assertFalse(twoParts.splits(64, 128, 128));
        // BlasTest's old size: halves of about 560k
        assertFalse(twoParts.splits(130, 90, 96));
        // 192 rows cut at 96: 96·125·80 = 960,000 per part, at most the small-kernel limit
        assertFalse(twoParts.splits(192, 125, 80));
        // 96·125·84 = 1,008,000 per part: above it
        assertTrue(twoParts.splits(192, 125, 84));
        // 200 rows cut at 96 (a multiple of 24): the smaller part decides, 96·100·105 = 1,008,000
        assertTrue(twoParts.splits(200, 100, 105));
        assertFalse(twoParts.splits(200, 100, 104));
        // fewer than a grain of rows per part is never split, however long the rows
        assertFalse(twoParts.splits(40, 4096, 4096));
        // one part never splits
        assertFalse(COMPUTE.blas().splits(4096, 4096, 4096));
    }

    @Test
    void aSplitProductEqualsTheWholeOneBitForBitWithNativeBlas() {
        Blas whole = COMPUTE.blas();
        Blas split = new Blas(BlasBackend.AUTO, new WorkSplitter(2));
        java.util.Random random = new java.util.Random(7);
        // shapes that split: among them 283x235x277, which differed in its last bits under SkylakeX with cuts at
        // multiples of 8 (the kernel there covers 12 columns at a time)
        int[][] shapes = {{283, 235, 277}, {192, 125, 84}, {256, 300, 120}, {130, 400, 300}};
        for (int[] shape : shapes) {
            for (int t = 0; t < 4; t++) {
                boolean transposeA = (t & 1) != 0;
                boolean transposeB = (t & 2) != 0;
                int m = shape[0];
                int n = shape[1];
                int k = shape[2];
                assertTrue(split.splits(m, n, k), m + "x" + n + "x" + k);
                DMatrixRMaj a = gaussian(transposeA ? k : m, transposeA ? m : k, random);
                DMatrixRMaj b = gaussian(transposeB ? n : k, transposeB ? k : n, random);
                DMatrixRMaj start = gaussian(m, n, random);
                DMatrixRMaj viaParts = start.copy();
                DMatrixRMaj viaWhole = start.copy();
                split.gemm(transposeA, transposeB, 1.5, a, b, 0.5, viaParts);
                whole.gemm(transposeA, transposeB, 1.5, a, b, 0.5, viaWhole);
                if (whole.kind() == BlasKind.NATIVE) {
                    assertArrayEquals(viaWhole.data, viaParts.data, 0.0, m + "x" + n + "x" + k + " t" + t);
                } else {
                    // the pure-Java kernels may reorder a dot product: k·ε·1.5·Σ|a||b|, Σ|a||b| <= k·max|a|·max|b|
                    double bound = k * Math.ulp(1.0) * 1.5 * k * maxAbs(a) * maxAbs(b);
                    assertArrayEquals(viaWhole.data, viaParts.data, bound);
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
