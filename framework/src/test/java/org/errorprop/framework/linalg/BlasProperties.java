package org.errorprop.framework.linalg;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.testing.Matrices;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * {@link Blas}'s three products against EJML's on random shapes, with 1 × n and n × 1 shapes drawn
 * often.
 *
 * <p><b>Tolerance.</b> Each entry is a dot product of length {@code k}. Whatever the summation order
 * (and with or without fused multiply-add), the computed dot product {@code ŝ} of {@code a} and
 * {@code b} satisfies {@code |ŝ − s| ≤ γ_k · Σ_l |a_l||b_l|} with {@code γ_k = k·u/(1 − k·u)} and
 * {@code u = 2⁻⁵³} (Higham, Accuracy and Stability of Numerical Algorithms, §3.1). Two such results,
 * BLAS's and EJML's, differ by at most {@code 2·γ_k·Σ|a||b| ≤ k·ε·Σ|a||b|·(1+10⁻¹⁰)} with
 * {@code ε = 2⁻⁵² = 2u}, for {@code k ≤ 64}. So entry {@code (i, j)} must satisfy
 * {@code |blas − ejml| ≤ k·ε·(|A||B|)_ij · 1.0000001}; in particular an entry whose terms are all zero
 * must agree exactly.
 */
class BlasProperties {
    private static final Compute COMPUTE = Compute.sequential();

    private static final double EPSILON = 0x1p-52;

    record Shape(int m, int k, int n, long seed) {
    }

    /** A dimension that is 1 a quarter of the time, otherwise 1..40 (beyond the kernels' block sizes). */
    private static Gen<Integer> dimension() {
        return integers().between(0, 3).zip(integers().between(1, 40), (pick, size) -> pick == 0 ? 1 : size);
    }

    private static Gen<Shape> shapes() {
        return dimension().zip(dimension(), dimension(), longs().all(), Shape::new);
    }

    private static DMatrixRMaj random(int rows, int cols, SplittableRandom random) {
        DMatrixRMaj m = Matrices.uniform(rows, cols, -1, 1, random);
        // Spread magnitudes over a few orders so that the bound is exercised with unequal terms.
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] *= Math.pow(10, random.nextInt(-3, 4));
        }
        return m;
    }

    private static DMatrixRMaj abs(DMatrixRMaj m) {
        DMatrixRMaj a = m.copy();
        for (int i = 0; i < a.getNumElements(); i++) {
            a.data[i] = Math.abs(a.data[i]);
        }
        return a;
    }

    /** {@code |actual − expected| ≤ k·ε·(|A||B|)_ij} entry by entry. */
    private static void assertWithinDotProductBound(DMatrixRMaj expected, DMatrixRMaj actual, DMatrixRMaj absProduct,
                                                    int k) {
        assertEquals(expected.numRows, actual.numRows);
        assertEquals(expected.numCols, actual.numCols);
        for (int i = 0; i < expected.getNumElements(); i++) {
            double bound = k * EPSILON * absProduct.data[i] * 1.0000001;
            double difference = Math.abs(expected.data[i] - actual.data[i]);
            if (!(difference <= bound)) {
                throw new AssertionError("entry " + i + ": BLAS " + actual.data[i] + " vs EJML " + expected.data[i]
                        + ", difference " + difference + " > bound " + bound);
            }
        }
    }

    @Test
    void multiplyMatchesEjml() {
        qt().withFixedSeed(11).withExamples(200).forAll(shapes()).checkAssert(s -> {
            SplittableRandom random = new SplittableRandom(s.seed());
            DMatrixRMaj a = random(s.m(), s.k(), random);
            DMatrixRMaj b = random(s.k(), s.n(), random);
            DMatrixRMaj c = Matrices.uniform(s.m(), s.n(), -9, 9, random); // garbage to be overwritten
            COMPUTE.blas().multiply(a, b, c);
            DMatrixRMaj expected = new DMatrixRMaj(s.m(), s.n());
            CommonOps_DDRM.mult(a, b, expected);
            DMatrixRMaj absProduct = new DMatrixRMaj(s.m(), s.n());
            CommonOps_DDRM.mult(abs(a), abs(b), absProduct);
            assertWithinDotProductBound(expected, c, absProduct, s.k());
        });
    }

    @Test
    void multiplyTransposeAMatchesEjml() {
        qt().withFixedSeed(12).withExamples(200).forAll(shapes()).checkAssert(s -> {
            SplittableRandom random = new SplittableRandom(s.seed());
            DMatrixRMaj a = random(s.k(), s.m(), random);
            DMatrixRMaj b = random(s.k(), s.n(), random);
            DMatrixRMaj c = Matrices.uniform(s.m(), s.n(), -9, 9, random);
            COMPUTE.blas().multiplyTransposeA(a, b, c);
            DMatrixRMaj expected = new DMatrixRMaj(s.m(), s.n());
            CommonOps_DDRM.multTransA(a, b, expected);
            DMatrixRMaj absProduct = new DMatrixRMaj(s.m(), s.n());
            CommonOps_DDRM.multTransA(abs(a), abs(b), absProduct);
            assertWithinDotProductBound(expected, c, absProduct, s.k());
        });
    }

    @Test
    void multiplyTransposeBMatchesEjml() {
        qt().withFixedSeed(13).withExamples(200).forAll(shapes()).checkAssert(s -> {
            SplittableRandom random = new SplittableRandom(s.seed());
            DMatrixRMaj a = random(s.m(), s.k(), random);
            DMatrixRMaj b = random(s.n(), s.k(), random);
            DMatrixRMaj c = Matrices.uniform(s.m(), s.n(), -9, 9, random);
            COMPUTE.blas().multiplyTransposeB(a, b, c);
            DMatrixRMaj expected = new DMatrixRMaj(s.m(), s.n());
            CommonOps_DDRM.multTransB(a, b, expected);
            DMatrixRMaj absProduct = new DMatrixRMaj(s.m(), s.n());
            CommonOps_DDRM.multTransB(abs(a), abs(b), absProduct);
            assertWithinDotProductBound(expected, c, absProduct, s.k());
        });
    }

    @Test
    void gemmAccumulatesWithAlphaAndBeta() {
        // c = α op(a) op(b) + β c: one more product and one more addition per entry than the dot
        // product, so the bound grows to (k + 2)·ε·(|α||A||B| + |β||C|).
        qt().withFixedSeed(14).withExamples(100).forAll(shapes()).checkAssert(s -> {
            SplittableRandom random = new SplittableRandom(s.seed());
            boolean ta = random.nextBoolean();
            boolean tb = random.nextBoolean();
            DMatrixRMaj a = ta ? random(s.k(), s.m(), random) : random(s.m(), s.k(), random);
            DMatrixRMaj b = tb ? random(s.n(), s.k(), random) : random(s.k(), s.n(), random);
            DMatrixRMaj c = Matrices.uniform(s.m(), s.n(), -1, 1, random);
            double alpha = -2 + 4 * random.nextDouble();
            double beta = -2 + 4 * random.nextDouble();
            DMatrixRMaj opA = ta ? CommonOps_DDRM.transpose(a, null) : a;
            DMatrixRMaj opB = tb ? CommonOps_DDRM.transpose(b, null) : b;
            DMatrixRMaj expected = new DMatrixRMaj(s.m(), s.n());
            CommonOps_DDRM.mult(alpha, opA, opB, expected);
            DMatrixRMaj absProduct = new DMatrixRMaj(s.m(), s.n());
            CommonOps_DDRM.mult(Math.abs(alpha), abs(opA), abs(opB), absProduct);
            for (int i = 0; i < expected.getNumElements(); i++) {
                expected.data[i] += beta * c.data[i];
                absProduct.data[i] += Math.abs(beta * c.data[i]);
            }
            COMPUTE.blas().gemm(ta, tb, alpha, a, b, beta, c);
            assertWithinDotProductBound(expected, c, absProduct, s.k() + 2);
        });
    }
}
