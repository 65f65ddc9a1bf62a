package org.errorprop.framework.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.testing.FiniteDifferences;
import org.errorprop.framework.testing.Matrices;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * Every loss's {@link Loss#outputError} against central differences of {@code batchSize · value}:
 * row {@code i} must be {@code ∂L_i/∂p_i}, per example and not divided by the batch size.
 *
 * <p>Error budget (see {@link FiniteDifferences}): outputs {@code p} and real targets lie in
 * {@code [-2, 2]}, so {@code s = max(1, |p|) ≤ 2}. {@code n·value} sums at most 6 × 7 = 42 per-entry
 * terms of magnitude at most 8 ({@code ½(p−y)² ≤ 8}; cross-entropy terms {@code y(lse − p) ≤ 2 + 2 + ln 7}
 * and softplus terms {@code ≤ 2.2} are smaller), so {@code F ≤ 336}, with at most ~45 roundings
 * (the sequential sum, the division by {@code n} and the multiplication back), {@code κF ≤ 1.5·10⁴}.
 * The losses' third derivatives are at most 1 in magnitude (softmax, sigmoid) or 0 (squared error).
 * Worst case: {@code ε^(2/3)·(s²·1/6 + κF/s) ≤ 3.67e-11·(0.7 + 1.5·10⁴) ≈ 5.5e-7}, under
 * {@link FiniteDifferences#TOLERANCE} = 1e-6 even if every rounding were maximal and aligned.
 */
class LossOutputErrorProperties {
    private static final long SEED = 20170302L;

    /** One loss and how to draw targets it accepts. */
    enum Kind {
        SQUARED_ERROR(LossFunction.SQUARED_ERROR.loss()) {
            @Override
            DMatrixRMaj targets(int rows, int cols, SplittableRandom random) {
                return Matrices.uniform(rows, cols, -2, 2, random);
            }
        },
        SOFTMAX_CROSS_ENTROPY_ONE_HOT(LossFunction.SOFTMAX_CROSS_ENTROPY.loss()) {
            @Override
            DMatrixRMaj targets(int rows, int cols, SplittableRandom random) {
                DMatrixRMaj y = new DMatrixRMaj(rows, cols);
                for (int r = 0; r < rows; r++) {
                    y.set(r, random.nextInt(cols), 1.0);
                }
                return y;
            }
        },
        SOFTMAX_CROSS_ENTROPY_SOFT(LossFunction.SOFTMAX_CROSS_ENTROPY.loss()) {
            @Override
            DMatrixRMaj targets(int rows, int cols, SplittableRandom random) {
                // Probability rows (label smoothing, distillation); the gradient is softmax − y here too.
                DMatrixRMaj y = Matrices.uniform(rows, cols, 0, 1, random);
                for (int r = 0; r < rows; r++) {
                    double sum = 0;
                    for (int c = 0; c < cols; c++) {
                        sum += y.get(r, c);
                    }
                    for (int c = 0; c < cols; c++) {
                        y.set(r, c, y.get(r, c) / sum);
                    }
                }
                return y;
            }
        },
        SOFTMAX_CROSS_ENTROPY_UNNORMALISED(LossFunction.SOFTMAX_CROSS_ENTROPY.loss()) {
            @Override
            DMatrixRMaj targets(int rows, int cols, SplittableRandom random) {
                // Rows not summing to one: L_i = −Σ_c y_ic log softmax_c has gradient (Σ_c y_ic)·softmax − y_i.
                return Matrices.uniform(rows, cols, 0, 1, random);
            }
        },
        SIGMOID_LOG_LOSS_BINARY(LossFunction.SIGMOID_LOG_LOSS.loss()) {
            @Override
            DMatrixRMaj targets(int rows, int cols, SplittableRandom random) {
                DMatrixRMaj y = new DMatrixRMaj(rows, cols);
                for (int i = 0; i < rows * cols; i++) {
                    y.data[i] = random.nextBoolean() ? 1.0 : 0.0;
                }
                return y;
            }
        },
        SIGMOID_LOG_LOSS_SOFT(LossFunction.SIGMOID_LOG_LOSS.loss()) {
            @Override
            DMatrixRMaj targets(int rows, int cols, SplittableRandom random) {
                return Matrices.uniform(rows, cols, 0, 1, random);
            }
        };

        final Loss loss;

        Kind(Loss loss) {
            this.loss = loss;
        }

        abstract DMatrixRMaj targets(int rows, int cols, SplittableRandom random);
    }

    record Case(Kind kind, int batch, int width, long seed) {
    }

    private static Gen<Case> cases() {
        return integers().between(0, Kind.values().length - 1).map(i -> Kind.values()[i])
                .zip(integers().between(2, 6), integers().between(1, 7), longs().all(), Case::new);
    }

    /**
     * The checking helper: {@code loss.outputError(p, y)} against central differences of
     * {@code batchSize · loss.value(p, y)} in every entry of {@code p}; throws {@link AssertionError}.
     */
    static void checkOutputError(Loss loss, DMatrixRMaj p, DMatrixRMaj y) {
        DMatrixRMaj analytic = new DMatrixRMaj(p.numRows, p.numCols);
        DMatrixRMaj pBefore = p.copy();
        DMatrixRMaj yBefore = y.copy();
        loss.outputError(p, y, analytic);
        if (!Matrices.identical(pBefore, p) || !Matrices.identical(yBefore, y)) {
            throw new AssertionError(loss.getClass().getSimpleName() + ": outputError modified its inputs");
        }
        int n = p.numRows;
        DMatrixRMaj numeric = FiniteDifferences.gradient(p, () -> n * loss.value(p, y));
        FiniteDifferences.assertClose(loss.getClass().getSimpleName() + ": dL_i/dp_i", analytic, numeric);
    }


    @Test
    void outputErrorIsThePerExampleGradient() {
        qt().withFixedSeed(SEED).withExamples(300).forAll(cases()).checkAssert(c -> {
            SplittableRandom random = new SplittableRandom(c.seed());
            DMatrixRMaj p = Matrices.uniform(c.batch(), c.width(), -2, 2, random);
            DMatrixRMaj y = c.kind().targets(c.batch(), c.width(), random);
            checkOutputError(c.kind().loss, p, y);
        });
    }

    @Test
    void valueIsTheMeanOfThePerExampleLosses() {
        // What makes "∂(n·value)/∂p_i = ∂L_i/∂p_i" the per-example gradient: row i's loss depends on row i only.
        qt().withFixedSeed(SEED).withExamples(100).forAll(cases()).checkAssert(c -> {
            SplittableRandom random = new SplittableRandom(c.seed());
            DMatrixRMaj p = Matrices.uniform(c.batch(), c.width(), -2, 2, random);
            DMatrixRMaj y = c.kind().targets(c.batch(), c.width(), random);
            double sum = 0;
            double magnitude = 0;
            for (int r = 0; r < c.batch(); r++) {
                double li = c.kind().loss.value(row(p, r), row(y, r));
                sum += li;
                magnitude += Math.abs(li);
            }
            double mean = c.kind().loss.value(p, y);
            // Two summations of ≤ 42 terms in different orders: each within 42·ε·Σ|terms| of the exact
            // sum; the per-entry terms are bounded by the row losses' own magnitude plus ~2 per entry.
            double tolerance = 2 * 45 * FiniteDifferences.EPSILON * (magnitude + 2.0 * c.batch() * c.width());
            assertEquals(sum / c.batch(), mean, tolerance / c.batch());
        });
    }

    @Test
    void largeLogitsDoNotOverflow() {
        DMatrixRMaj p = new DMatrixRMaj(new double[][] {{800, -800, 0}, {-750, 760, 1}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1, 0, 0}, {0, 0, 1}});
        for (LossFunction function : new LossFunction[] {LossFunction.SOFTMAX_CROSS_ENTROPY,
                LossFunction.SIGMOID_LOG_LOSS}) {
            Loss loss = function.loss();
            DMatrixRMaj e = new DMatrixRMaj(2, 3);
            loss.outputError(p, y, e);
            assertTrue(Double.isFinite(loss.value(p, y)), function + " value");
            for (double v : e.data) {
                assertTrue(Double.isFinite(v) && Math.abs(v) <= 1.0 + 1e-15, function + " gradient " + v);
            }
        }
        // Row 2 of softmax cross-entropy: the target class has logit 1 against 760, L_2 = 759 to within rounding.
        double value = LossFunction.SOFTMAX_CROSS_ENTROPY.loss().value(p, y);
        assertEquals((0 + 759) / 2.0, value, 1e-9);
    }

    // ---------------------------------------------------------------- tests for the test

    /** A loss whose outputError is divided by the batch size: the convention mistake the check must catch. */
    private static Loss dividedByBatchSize(Loss delegate) {
        return new Loss() {
            @Override
            public double value(DMatrixRMaj output, DMatrixRMaj target) {
                return delegate.value(output, target);
            }

            @Override
            public void outputError(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj into) {
                delegate.outputError(output, target, into);
                for (int i = 0; i < into.getNumElements(); i++) {
                    into.data[i] /= output.numRows;
                }
            }

            @Override
            public boolean correct(DMatrixRMaj output, DMatrixRMaj target, int row) {
                return delegate.correct(output, target, row);
            }
        };
    }

    /** A loss whose outputError has one entry scaled by 1.01. */
    private static Loss oneEntryScaled(Loss delegate, int entry) {
        return new Loss() {
            @Override
            public double value(DMatrixRMaj output, DMatrixRMaj target) {
                return delegate.value(output, target);
            }

            @Override
            public void outputError(DMatrixRMaj output, DMatrixRMaj target, DMatrixRMaj into) {
                delegate.outputError(output, target, into);
                into.data[entry] *= 1.01;
            }

            @Override
            public boolean correct(DMatrixRMaj output, DMatrixRMaj target, int row) {
                return delegate.correct(output, target, row);
            }
        };
    }

    @Test
    void theCheckCatchesAnOutputErrorDividedByTheBatchSize() {
        // Softmax over one column has an identically zero gradient, which no rescaling changes.
        qt().withFixedSeed(SEED).withExamples(40).forAll(cases()).assuming(LossOutputErrorProperties::nonTrivial)
                .checkAssert(c -> {
            SplittableRandom random = new SplittableRandom(c.seed());
            DMatrixRMaj p = Matrices.uniform(c.batch(), c.width(), -2, 2, random);
            DMatrixRMaj y = c.kind().targets(c.batch(), c.width(), random);
            checkOutputError(c.kind().loss, p, y); // the real loss passes on the same data
            assertThrows(AssertionError.class, () -> checkOutputError(dividedByBatchSize(c.kind().loss), p, y));
        });
    }

    @Test
    void theCheckCatchesOneEntryOffByOnePercent() {
        qt().withFixedSeed(SEED).withExamples(40).forAll(cases()).assuming(LossOutputErrorProperties::nonTrivial)
                .checkAssert(c -> {
            SplittableRandom random = new SplittableRandom(c.seed());
            // Logits in [-2, 2] and targets as above put every gradient entry well away from zero
            // except by coincidence; pick the largest entry so 1 % of it is far above the tolerance.
            DMatrixRMaj p = Matrices.uniform(c.batch(), c.width(), -2, 2, random);
            DMatrixRMaj y = c.kind().targets(c.batch(), c.width(), random);
            DMatrixRMaj e = new DMatrixRMaj(c.batch(), c.width());
            c.kind().loss.outputError(p, y, e);
            int largest = 0;
            for (int i = 1; i < e.getNumElements(); i++) {
                if (Math.abs(e.data[i]) > Math.abs(e.data[largest])) {
                    largest = i;
                }
            }
            int entry = largest;
            assertThrows(AssertionError.class, () -> checkOutputError(oneEntryScaled(c.kind().loss, entry), p, y));
        });
    }

    private static boolean nonTrivial(Case c) {
        return c.width() > 1 || c.kind().loss != LossFunction.SOFTMAX_CROSS_ENTROPY.loss();
    }

    private static DMatrixRMaj row(DMatrixRMaj m, int r) {
        DMatrixRMaj row = new DMatrixRMaj(1, m.numCols);
        System.arraycopy(m.data, r * m.numCols, row.data, 0, m.numCols);
        return row;
    }
}
