package org.errorprop.framework.network;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.parallel.WorkSplitter;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm and the activations work column by column or element by element, so a two-part {@link Compute} gives
 * the same bits as a one-part one, whatever the BLAS: the forward output, the input gradient and every parameter
 * gradient. The batch is large enough that both passes are split ({@link WorkSplitter#SPLIT_ELEMENTS}).
 */
class SplitLayersTest {
    private static final int ROWS = 64;
    private static final int WIDTH = 300;

    @Test
    void batchNormGivesTheSameBitsOnOneAndOnTwoParts() {
        assertTrue((long) ROWS * WIDTH >= WorkSplitter.SPLIT_ELEMENTS, "the pass must be split");
        try (Compute one = Compute.of(BlasBackend.AUTO, 1); Compute two = Compute.of(BlasBackend.AUTO, 2)) {
            for (Mode mode : Mode.values()) {
                BatchNorm whole = new BatchNorm("bn", WIDTH, one);
                BatchNorm parts = new BatchNorm("bn", WIDTH, two);
                DMatrixRMaj x = random(1);
                DMatrixRMaj dy = random(2);
                // a training pass first, so that evaluation mode has running statistics to use
                whole.forward(x, Mode.TRAIN);
                parts.forward(x, Mode.TRAIN);
                assertArrayEquals(whole.forward(x, mode).data, parts.forward(x, mode).data, 0.0, mode.name());
                assertArrayEquals(whole.backward(dy).data, parts.backward(dy).data, 0.0, mode.name());
                for (int p = 0; p < 2; p++) {
                    assertArrayEquals(whole.parameters().get(p).gradient().data,
                            parts.parameters().get(p).gradient().data, 0.0, mode + " " + whole.parameters().get(p).name());
                }
            }
        }
    }

    @Test
    void anActivationGivesTheSameBitsOnOneAndOnTwoParts() {
        try (Compute one = Compute.of(BlasBackend.AUTO, 1); Compute two = Compute.of(BlasBackend.AUTO, 2)) {
            for (Activation activation : Activation.values()) {
                ActivationLayer whole = new ActivationLayer(activation, WIDTH, one);
                ActivationLayer parts = new ActivationLayer(activation, WIDTH, two);
                DMatrixRMaj x = random(3);
                DMatrixRMaj dy = random(4);
                assertArrayEquals(whole.forward(x, Mode.TRAIN).data, parts.forward(x, Mode.TRAIN).data, 0.0);
                assertArrayEquals(whole.backward(dy).data, parts.backward(dy).data, 0.0, activation.name());
            }
        }
    }

    private static DMatrixRMaj random(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        DMatrixRMaj m = new DMatrixRMaj(ROWS, WIDTH);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextDouble(-2, 2);
        }
        return m;
    }
}
