package org.errorprop.experiments.reproduce.implicitloss;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.methods.synthetic.LabelOnlySynthesizer;
import org.errorprop.methods.synthetic.NetworkSynthesizer;
import org.errorprop.methods.synthetic.Synthesizer;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ImplicitQuadraticLoss}: the weight layout it reads, a hand-computed value, and that its gradient is the
 * synthesizer's output exactly when {@code A} is symmetric.
 */
class ImplicitQuadraticLossTest {
    private static final Compute COMPUTE = Compute.sequential();

    /** A linear SG(h, y) of width 2 with 2 labels and the given {@code [A; B]} rows and bias {@code C}. */
    private static Synthesizer linear(double[] weight, double[] bias) {
        NetworkSynthesizer synthesizer = new NetworkSynthesizer(2, 2, List.of(), new Sgd(0.1, 0), new RandomStreams(1), COMPUTE);
        synthesizer.parameters().get(0).value().setData(weight);
        synthesizer.parameters().get(1).value().setData(bias);
        return synthesizer;
    }

    /**
     * A = [[1, 2], [4, 3]] (A_sym = [[1, 3], [3, 3]]), B = [[5, 6], [7, 8]], C = [0.5, -1]; h = (1, 2), y = (0, 1):
     * ½ hA_sym hᵀ = ½ (1 + 12 + 12) = 12.5, (yB + C) hᵀ = (7.5, 7)·(1, 2) = 21.5, total 34. Every operation is
     * exact on these small dyadic numbers, so the comparison is exact.
     */
    @Test
    void readsAandBandCFromTheWeightLayoutAndEvaluatesByHand() {
        Synthesizer synthesizer = linear(new double[] {1, 2, 4, 3, 5, 6, 7, 8}, new double[] {0.5, -1});
        ImplicitQuadraticLoss implied = ImplicitQuadraticLoss.of(synthesizer, 2);
        assertEquals(3.0, implied.symmetricA().get(0, 1), 0.0);
        assertEquals(3.0, implied.symmetricA().get(1, 0), 0.0);
        assertEquals(7.0, implied.b().get(1, 0), 0.0);
        DMatrixRMaj h = new DMatrixRMaj(new double[][] {{1, 2}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{0, 1}});
        assertEquals(34.0, implied.value(h, y, 0), 0.0);
    }

    /**
     * For a symmetric A, the central difference of L̂ (exact for a quadratic up to rounding) equals SG(h, y).
     * Rounding: L̂ sums ~10 terms of size up to S = Σ|terms| ≈ 10, so each evaluation is within ~10 ε S; the
     * difference quotient with step t = 1/8 is within 2 · 10 ε S / (2t) ≈ 800 ε; we allow 1e-12 (≈ 4500 ε).
     * With an asymmetric A the same comparison misses by h·(A − Aᵀ)/2, far beyond that tolerance: the
     * hypothesis "A symmetric" is needed.
     */
    @Test
    void itsGradientIsTheSyntheticGradientIffAIsSymmetric() {
        DMatrixRMaj h = new DMatrixRMaj(new double[][] {{0.75, -1.25}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{1, 0}});
        double[] bias = {0.5, -1};
        Synthesizer symmetric = linear(new double[] {1, 2, 2, 3, 5, 6, 7, 8}, bias);
        assertTrue(maxGap(symmetric, h, y) < 1e-12, "symmetric A: gap " + maxGap(symmetric, h, y));
        Synthesizer asymmetric = linear(new double[] {1, 2, 4, 3, 5, 6, 7, 8}, bias);
        // h A_skew = (0.75, -1.25) [[0, -1], [1, 0]] = (-1.25, -0.75): the gap is 1.25.
        assertEquals(1.25, maxGap(asymmetric, h, y), 1e-12);
    }

    private static double maxGap(Synthesizer synthesizer, DMatrixRMaj h, DMatrixRMaj y) {
        ImplicitQuadraticLoss implied = ImplicitQuadraticLoss.of(synthesizer, 2);
        DMatrixRMaj sg = synthesizer.predict(h, y).copy();
        double step = 0.125;
        double gap = 0;
        for (int j = 0; j < 2; j++) {
            DMatrixRMaj plus = h.copy();
            DMatrixRMaj minus = h.copy();
            plus.set(0, j, h.get(0, j) + step);
            minus.set(0, j, h.get(0, j) - step);
            double derivative = (implied.value(plus, y, 0) - implied.value(minus, y, 0)) / (2 * step);
            gap = Math.max(gap, Math.abs(derivative - sg.get(0, j)));
        }
        return gap;
    }

    @Test
    void theLabelOnlyFormImpliesALinearLossAndOtherFormsAreRefused() {
        LabelOnlySynthesizer labelOnly = new LabelOnlySynthesizer(2, 2, new Sgd(0.1, 0), COMPUTE);
        labelOnly.parameters().get(0).value().setData(new double[] {1, 2, 3, 4});
        labelOnly.parameters().get(1).value().setData(new double[] {0.5, 0.25});
        ImplicitQuadraticLoss implied = ImplicitQuadraticLoss.of(labelOnly, 2);
        DMatrixRMaj h = new DMatrixRMaj(new double[][] {{2, 4}});
        DMatrixRMaj y = new DMatrixRMaj(new double[][] {{0, 1}});
        // (yB + C) hᵀ = (3.5, 4.25)·(2, 4) = 24, no quadratic part.
        assertEquals(24.0, implied.value(h, y, 0), 0.0);
        Synthesizer mlp = new NetworkSynthesizer(2, 2, List.of(3), new Sgd(0.1, 0), new RandomStreams(1), COMPUTE);
        assertThrows(IllegalArgumentException.class, () -> ImplicitQuadraticLoss.of(mlp, 2));
    }

    @Test
    void anUnconditionedLinearSynthesizerHasNoB() {
        NetworkSynthesizer unconditioned = new NetworkSynthesizer(2, 0, List.of(), new Sgd(0.1, 0), new RandomStreams(1), COMPUTE);
        unconditioned.parameters().get(0).value().setData(new double[] {2, 0, 0, 2});
        unconditioned.parameters().get(1).value().setData(new double[] {1, 1});
        ImplicitQuadraticLoss implied = ImplicitQuadraticLoss.of(unconditioned, 2);
        assertEquals(null, implied.b());
        // ½ h (2I) hᵀ + (1, 1)·h at h = (1, 2): 5 + 3 = 8.
        assertEquals(8.0, implied.value(new DMatrixRMaj(new double[][] {{1, 2}}), null, 0), 0.0);
    }
}
