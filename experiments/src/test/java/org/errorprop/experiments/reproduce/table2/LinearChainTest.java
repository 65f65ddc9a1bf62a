package org.errorprop.experiments.reproduce.table2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.errorprop.framework.loss.SquaredError;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.random.RandomStreams;
import org.junit.jupiter.api.Test;

/**
 * The chain's collapsed backward pass against layer-by-layer backpropagation written out here, and against
 * central finite differences of the squared-error loss.
 */
class LinearChainTest {
    private static final int N = 6;
    private static final int K = 3;

    private static DMatrixRMaj gaussian(int rows, int cols, RandomGenerator random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, cols);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextGaussian();
        }
        return m;
    }

    /** A deep chain (3 hidden layers of 4) with random biases too, so that every term of the gradient is live. */
    private static LinearChain chain(DMatrixRMaj x) {
        LinearChain chain = new LinearChain(LinearChain.widths(K, 3, 4, 2), N, new RandomStreams(11));
        RandomGenerator random = new RandomStreams(12).stream("biases");
        for (Parameter p : chain.parameters()) {
            if (!p.decays()) {
                for (int i = 0; i < p.value().data.length; i++) {
                    p.value().data[i] = 0.3 * random.nextGaussian();
                }
            }
        }
        chain.forward(x);
        return chain;
    }

    /**
     * Plain backprop, layer by layer, must give the same numbers up to rounding: entries are O(1) sums of at
     * most a few hundred products, so 1e-12 is several hundred u of headroom.
     */
    @Test
    void collapsedGradientEqualsLayerByLayerBackprop() {
        RandomGenerator random = new RandomStreams(3).stream("data");
        DMatrixRMaj x = gaussian(N, K, random);
        DMatrixRMaj signal = gaussian(N, 2, random);
        LinearChain chain = chain(x);
        chain.backward(signal);
        List<Parameter> parameters = chain.parameters();
        int layers = parameters.size() / 2;
        DMatrixRMaj[] h = new DMatrixRMaj[layers + 1];
        h[0] = x;
        for (int l = 0; l < layers; l++) {
            DMatrixRMaj w = parameters.get(2 * l).value();
            DMatrixRMaj b = parameters.get(2 * l + 1).value();
            h[l + 1] = new DMatrixRMaj(N, w.numCols);
            CommonOps_DDRM.mult(h[l], w, h[l + 1]);
            for (int i = 0; i < N; i++) {
                for (int j = 0; j < w.numCols; j++) {
                    h[l + 1].add(i, j, b.get(0, j));
                }
            }
        }
        DMatrixRMaj d = signal.copy();
        for (int l = layers - 1; l >= 0; l--) {
            DMatrixRMaj expectedW = new DMatrixRMaj(h[l].numCols, d.numCols);
            CommonOps_DDRM.multTransA(h[l], d, expectedW);
            CommonOps_DDRM.scale(1.0 / N, expectedW);
            DMatrixRMaj expectedB = new DMatrixRMaj(1, d.numCols);
            CommonOps_DDRM.sumCols(d, expectedB);
            CommonOps_DDRM.scale(1.0 / N, expectedB);
            assertClose(expectedW, parameters.get(2 * l).gradient(), 1e-12);
            assertClose(expectedB, parameters.get(2 * l + 1).gradient(), 1e-12);
            DMatrixRMaj below = new DMatrixRMaj(N, h[l].numCols);
            CommonOps_DDRM.multTransB(d, parameters.get(2 * l).value(), below);
            d = below;
        }
    }

    /**
     * With the true signal p − y the gradient is that of the mean squared error. Central differences with
     * step h = 1e-5 err by O(h²·L''') ≈ 1e-10 (the loss is a polynomial of modest coefficients in each weight)
     * plus O(u·L/h) ≈ 1e-11 of rounding, so 1e-7 is a safe bound; a wrong signal (2(p − y)) misses it by
     * the size of the gradient itself.
     */
    @Test
    void trueSignalGivesTheLossGradientAndAWrongSignalDoesNot() {
        RandomGenerator random = new RandomStreams(4).stream("data");
        DMatrixRMaj x = gaussian(N, K, random);
        DMatrixRMaj y = gaussian(N, 2, random);
        SquaredError loss = new SquaredError();
        LinearChain chain = chain(x);
        DMatrixRMaj signal = new DMatrixRMaj(N, 2);
        loss.outputError(chain.forward(x), y, signal);
        chain.backward(signal);
        double worstTrue = 0;
        double worstWrong = 0;
        double h = 1e-5;
        for (Parameter p : chain.parameters()) {
            for (int i = 0; i < p.value().data.length; i++) {
                double saved = p.value().data[i];
                p.value().data[i] = saved + h;
                double up = loss.value(chain.forward(x), y);
                p.value().data[i] = saved - h;
                double down = loss.value(chain.forward(x), y);
                p.value().data[i] = saved;
                double numeric = (up - down) / (2 * h);
                worstTrue = Math.max(worstTrue, Math.abs(numeric - p.gradient().data[i]));
                worstWrong = Math.max(worstWrong, Math.abs(numeric - 2 * p.gradient().data[i]));
            }
        }
        assertTrue(worstTrue < 1e-7, "finite-difference mismatch " + worstTrue);
        assertTrue(worstWrong > 1e-3, "a doubled signal should not pass: " + worstWrong);
    }

    /** Deep chains start semi-orthogonal: WᵀW = I for tall maps, WWᵀ = I for wide ones, to rounding. */
    @Test
    void deepStartIsSemiOrthogonal() {
        DMatrixRMaj tall = new DMatrixRMaj(5, 3);
        LinearChain.semiOrthogonal(tall, new RandomStreams(5).stream("w"));
        DMatrixRMaj gram = new DMatrixRMaj(3, 3);
        CommonOps_DDRM.multTransA(tall, tall, gram);
        assertClose(CommonOps_DDRM.identity(3), gram, 1e-14);
        DMatrixRMaj wide = new DMatrixRMaj(2, 6);
        LinearChain.semiOrthogonal(wide, new RandomStreams(6).stream("w"));
        DMatrixRMaj rows = new DMatrixRMaj(2, 2);
        CommonOps_DDRM.multTransB(wide, wide, rows);
        assertClose(CommonOps_DDRM.identity(2), rows, 1e-14);
    }

    private static void assertClose(DMatrixRMaj expected, DMatrixRMaj actual, double tolerance) {
        assertEquals(expected.numRows, actual.numRows);
        assertEquals(expected.numCols, actual.numCols);
        for (int i = 0; i < expected.data.length; i++) {
            assertEquals(expected.data[i], actual.data[i], tolerance, "entry " + i);
        }
    }
}
