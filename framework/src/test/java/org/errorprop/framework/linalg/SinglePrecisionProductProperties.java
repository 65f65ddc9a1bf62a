package org.errorprop.framework.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.parallel.WorkSplitter;
import org.errorprop.framework.testing.Matrices;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * {@link MatmulPrecision#FLOAT32} products against the double ones, on netlib's own choice of BLAS (native here when
 * OpenBLAS is installed) and on its pure-Java BLAS, whole and split in two parts.
 *
 * <p><b>The bound.</b> Let {@code u = 2⁻²⁴} (float's unit roundoff), {@code v = 2⁻⁵³} (double's), {@code γ_j(u) =
 * j·u/(1 − j·u)}, and {@code S_ij = Σ_l |a_il||b_lj|}. Each operand is rounded to float once, {@code â = a(1 + δ)},
 * {@code |δ| ≤ u}; {@code sgemm} computes each entry as a dot product of length {@code k} in float, in any order and
 * with or without FMA, so {@code |ŝ − Σ â b̂| ≤ γ_k(u) Σ|â||b̂|} (Higham, Accuracy and Stability of Numerical
 * Algorithms, §3.1). The two operand roundings are two more factors {@code (1 + δ)}, and by Higham's Lemma 3.3 the
 * float product {@code P} satisfies {@code |P − (AB)_ij| ≤ γ_{k+2}(u)·S_ij}. Widening {@code P} to double is exact;
 * {@code c = α·P + β·c₀} in double adds at most {@code γ_2(v)(|α||P| + |β||c₀|)}, and the double product it is
 * compared with is within {@code γ_{k+2}(v)(|α|S + |β||c₀|)} of the exact value (as in {@link BlasProperties}). So
 *
 * <pre>  |c32 − c64|_ij ≤ |α|·γ_{k+2}(u)·S_ij + γ_{k+6}(v)·(|α|·S_ij + |β|·|c₀|_ij)</pre>
 *
 * <p>(using {@code |P| ≤ (1 + γ_{k+2}(u))·S ≤ 2S} and {@code 2γ_2 + γ_{k+2} ≤ γ_{k+6}}). It assumes no float
 * underflow or overflow: the operands here lie within 10^±3. The bound is computed in double from {@code S} computed
 * in double, whose relative error is below {@code (k + 3)·v}: a factor {@code 1 + 2⁻⁴⁰} covers it.
 *
 * <p><b>The test for the test.</b> The same check must fail on every example when the conversion is wrong: operands
 * rounded to bfloat16 (8 significant bits instead of 24) before the float product, or one square operand read
 * transposed.
 */
class SinglePrecisionProductProperties {
    private static final double FLOAT_ROUNDOFF = 0x1p-24;
    private static final double DOUBLE_ROUNDOFF = 0x1p-53;
    private static final double BOUND_SLACK = 1 + 0x1p-40;

    private static final Blas DOUBLE = new Blas(BlasBackend.AUTO, new WorkSplitter(1));
    private static final Blas FLOAT_AUTO = new Blas(BlasBackend.AUTO, new WorkSplitter(1), MatmulPrecision.FLOAT32);
    private static final Blas FLOAT_JAVA = new Blas(BlasBackend.JAVA, new WorkSplitter(1), MatmulPrecision.FLOAT32);
    private static final Blas FLOAT_AUTO_SPLIT = new Blas(BlasBackend.AUTO, new WorkSplitter(2),
            MatmulPrecision.FLOAT32);
    private static final Blas FLOAT_JAVA_SPLIT = new Blas(BlasBackend.JAVA, new WorkSplitter(2),
            MatmulPrecision.FLOAT32);

    /** {@code c = α op(a) op(b) + β c} with its settings. */
    record Product(int m, int k, int n, boolean transposeA, boolean transposeB, double alpha, double beta,
                   DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c0) {

        DMatrixRMaj on(Blas blas) {
            DMatrixRMaj c = c0.copy();
            blas.gemm(transposeA, transposeB, alpha, a, b, beta, c);
            return c;
        }

        DMatrixRMaj opA() {
            return transposeA ? CommonOps_DDRM.transpose(a, null) : a;
        }

        DMatrixRMaj opB() {
            return transposeB ? CommonOps_DDRM.transpose(b, null) : b;
        }
    }

    private static DMatrixRMaj spread(int rows, int columns, SplittableRandom random) {
        DMatrixRMaj matrix = Matrices.uniform(rows, columns, -1, 1, random);
        for (int i = 0; i < matrix.data.length; i++) {
            matrix.data[i] *= Math.pow(10, random.nextInt(-3, 4));
        }
        return matrix;
    }

    private static Product product(int m, int k, int n, long seed, boolean square) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean transposeA = random.nextBoolean();
        boolean transposeB = random.nextBoolean();
        boolean plain = random.nextInt(3) == 0;  // the products the layers use: α = 1, β = 0
        double alpha = plain ? 1 : -2 + 4 * random.nextDouble();
        double beta = plain ? 0 : random.nextInt(3) == 0 ? 1 : -2 + 4 * random.nextDouble();
        int rowsOfA = square ? k : transposeA ? k : m;
        DMatrixRMaj a = spread(rowsOfA, square ? k : transposeA ? m : k, random);
        DMatrixRMaj b = spread(transposeB ? n : k, transposeB ? k : n, random);
        return new Product(square ? k : m, k, n, transposeA, transposeB, alpha, beta, a, b,
                Matrices.uniform(square ? k : m, n, -1, 1, random));
    }

    private static Gen<Integer> dimension(int largest) {
        return integers().between(0, 3).zip(integers().between(1, largest), (pick, size) -> pick == 0 ? 1 : size);
    }

    private static Gen<Product> products(int largest) {
        return dimension(largest).zip(dimension(largest), dimension(largest), longs().all(),
                (m, k, n, seed) -> product(m, k, n, seed, false));
    }

    /** Products whose {@code a} is square and at least 2 × 2, so that reading it transposed is wrong. */
    private static Gen<Product> squareProducts() {
        return integers().between(2, 48).zip(dimension(48), longs().all(),
                (k, n, seed) -> product(k, k, n, seed, true));
    }

    private static double gamma(int j, double roundoff) {
        return j * roundoff / (1 - j * roundoff);
    }

    /** The largest {@code |c32 − c64| / bound} over the entries (see the class comment); at most 1 when it holds. */
    static double worstRatio(Product p, DMatrixRMaj float32, DMatrixRMaj float64) {
        DMatrixRMaj absA = p.opA().copy();
        DMatrixRMaj absB = p.opB().copy();
        CommonOps_DDRM.abs(absA);
        CommonOps_DDRM.abs(absB);
        DMatrixRMaj sums = new DMatrixRMaj(p.m(), p.n());
        CommonOps_DDRM.mult(absA, absB, sums);
        double floatPart = Math.abs(p.alpha()) * gamma(p.k() + 2, FLOAT_ROUNDOFF);
        double doublePart = gamma(p.k() + 6, DOUBLE_ROUNDOFF);
        double worst = 0;
        for (int i = 0; i < sums.data.length; i++) {
            double bound = (floatPart * sums.data[i] + doublePart * (Math.abs(p.alpha()) * sums.data[i]
                    + Math.abs(p.beta() * p.c0().data[i]))) * BOUND_SLACK;
            double difference = Math.abs(float32.data[i] - float64.data[i]);
            double ratio = difference == 0 ? 0 : difference / bound;
            worst = Math.max(worst, Double.isNaN(ratio) ? Double.POSITIVE_INFINITY : ratio);
        }
        return worst;
    }

    private static void assertWithinBound(Product p, Blas float32) {
        double ratio = worstRatio(p, p.on(float32), p.on(DOUBLE));
        assertTrue(ratio <= 1, "float32 product off by " + ratio + " times the bound: " + p.m() + "x" + p.k() + "x"
                + p.n() + " transposes " + p.transposeA() + "," + p.transposeB());
    }

    @Test
    void float32ProductsAreWithinTheRoundingBoundOfTheDoubleOnes() {
        qt().withFixedSeed(31).withExamples(300).forAll(products(64)).checkAssert(p -> {
            assertWithinBound(p, FLOAT_AUTO);
            assertWithinBound(p, FLOAT_JAVA);
        });
    }

    @Test
    void splitFloat32ProductsAreWithinTheSameBound() {
        // m up to 300 and n, k up to 200: many of these are cut in two (Blas.splits)
        qt().withFixedSeed(32).withExamples(25).forAll(integers().between(48, 300), integers().between(60, 200),
                integers().between(60, 200), longs().all()).checkAssert((m, k, n, seed) -> {
                    Product p = product(m, k, n, seed, false);
                    assertWithinBound(p, FLOAT_AUTO_SPLIT);
                    assertWithinBound(p, FLOAT_JAVA_SPLIT);
                });
    }

    @Test
    void theBoundFailsWhenTheOperandsAreRoundedToBfloat16() {
        qt().withFixedSeed(33).withExamples(100).forAll(products(64)).checkAssert(p -> {
            Product rounded = new Product(p.m(), p.k(), p.n(), p.transposeA(), p.transposeB(), p.alpha(), p.beta(),
                    bfloat16(p.a()), bfloat16(p.b()), p.c0());
            double ratio = worstRatio(p, rounded.on(FLOAT_AUTO), p.on(DOUBLE));
            assertTrue(ratio > 1, "bfloat16 operands went unnoticed: ratio " + ratio);
        });
    }

    @Test
    void theBoundFailsWhenAnOperandIsReadTransposed() {
        qt().withFixedSeed(34).withExamples(100).forAll(squareProducts()).checkAssert(p -> {
            Product flipped = new Product(p.m(), p.k(), p.n(), !p.transposeA(), p.transposeB(), p.alpha(), p.beta(),
                    p.a(), p.b(), p.c0());
            double ratio = worstRatio(p, flipped.on(FLOAT_AUTO), p.on(DOUBLE));
            assertTrue(ratio > 1, "a transposed operand went unnoticed: ratio " + ratio);
        });
    }

    @Test
    void aProductOfLengthOneIsTheFloatProductOfTheRoundedOperands() {
        // k = 1, α = 1, β = 0: one float multiplication, so the result is exactly fl32(fl32(a)·fl32(b)) and, for these
        // operands (not floats), not the double product: the products really run in single precision.
        DMatrixRMaj a = new DMatrixRMaj(new double[][] {{0.1}, {1.0 / 3}});
        DMatrixRMaj b = new DMatrixRMaj(new double[][] {{Math.PI, Math.E}});
        for (Blas blas : new Blas[] {FLOAT_AUTO, FLOAT_JAVA}) {
            DMatrixRMaj c = new DMatrixRMaj(2, 2);
            blas.multiply(a, b, c);
            DMatrixRMaj exact = new DMatrixRMaj(2, 2);
            DOUBLE.multiply(a, b, exact);
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    float expected = (float) a.get(i, 0) * (float) b.get(0, j);
                    assertEquals(expected, c.get(i, j), 0.0, blas.implementationName());
                    assertNotEquals(exact.get(i, j), c.get(i, j), blas.implementationName());
                }
            }
        }
    }

    @Test
    void theEjmlBackendRefusesFloat32Products() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new Blas(BlasBackend.EJML, new WorkSplitter(1), MatmulPrecision.FLOAT32));
        assertTrue(e.getMessage().contains("ejml backend multiplies in double only"), e.getMessage());
    }

    @Test
    void precisionsAreParsedByNameAndAnythingElseIsAUsersMistake() {
        assertEquals(MatmulPrecision.FLOAT32, MatmulPrecision.parse(" Float32 "));
        assertEquals(MatmulPrecision.FLOAT64, MatmulPrecision.parse("float64"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> MatmulPrecision.parse("bf16"));
        assertEquals("the matmul precision must be float64 or float32, not 'bf16'", e.getMessage());
    }

    /** Each entry rounded to the nearest bfloat16 (float's exponent, 8 significant bits), ties to even. */
    private static DMatrixRMaj bfloat16(DMatrixRMaj matrix) {
        DMatrixRMaj rounded = matrix.copy();
        for (int i = 0; i < rounded.data.length; i++) {
            int bits = Float.floatToRawIntBits((float) rounded.data[i]);
            bits = (bits + 0x7FFF + ((bits >>> 16) & 1)) & 0xFFFF0000;
            rounded.data[i] = Float.intBitsToFloat(bits);
        }
        return rounded;
    }
}
