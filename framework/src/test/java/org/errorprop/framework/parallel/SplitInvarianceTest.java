package org.errorprop.framework.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.linalg.BlasKind;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Block;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.optim.Optimizer;
import org.errorprop.framework.random.RandomStreams;
import org.junit.jupiter.api.Test;

/**
 * With native BLAS, cutting the work into parts changes no bit of training: the same twenty steps on a one-part and
 * on a two-part {@link Compute}, in one JVM, give the same loss and weights. The sizes make every kind of pass
 * split: products of 8.4 MFLOP on 64 rows, BatchNorm, ReLU and Adam on 16,384 elements and more. The forked
 * {@code KernelPathsTest} runs the same under OpenBLAS's Haswell and SkylakeX kernels.
 *
 * <p>Seen failing with the hypothesis broken: with products cut at any row (grain 1) and a batch of 66, cut at row
 * 33, the loss and weights differed in their last bits.
 */
public class SplitInvarianceTest {

    @Test
    void twentyTrainingStepsGiveTheSameBitsWithOneAndWithTwoParts() {
        try (Compute one = Compute.of(BlasBackend.AUTO, 1); Compute two = Compute.of(BlasBackend.AUTO, 2)) {
            assumeTrue(one.blas().kind() == BlasKind.NATIVE, "only OpenBLAS keeps every bit when a product is cut");
            assertEquals(train(one), train(two));
        }
    }

    /** Trains 100 -> 256 -> 256 -> 10 with BatchNorm and ReLU, batch 64, Adam; the loss's and weights' bits. */
    public static String train(Compute compute) {
        RandomStreams random = new RandomStreams(11);
        Network network = new Architecture(100, List.of(256, 256), 10, Activation.RELU, true, true, false,
                Initializer.UNIFORM_FAN_IN).build(random.child("init"), compute);
        Optimizer adam = Adam.withLearningRate(1e-3).attach(network.parameters(), compute);
        Loss loss = LossFunction.SOFTMAX_CROSS_ENTROPY.loss();
        var data = random.startOf("data");
        DMatrixRMaj inputs = new DMatrixRMaj(64, 100);
        DMatrixRMaj targets = new DMatrixRMaj(64, 10);
        DMatrixRMaj error = new DMatrixRMaj(64, 10);
        long lossBits = 0;
        for (int step = 0; step < 20; step++) {
            for (int i = 0; i < inputs.data.length; i++) {
                inputs.data[i] = data.nextGaussian();
            }
            java.util.Arrays.fill(targets.data, 0.0);
            for (int r = 0; r < 64; r++) {
                targets.set(r, data.nextInt(10), 1.0);
            }
            DMatrixRMaj output = network.forward(inputs, Mode.TRAIN);
            lossBits ^= Double.doubleToLongBits(loss.value(output, targets));
            loss.outputError(output, targets, error);
            DMatrixRMaj upstream = error;
            for (int k = network.shape().blocks(); k >= 1; k--) {
                Block block = network.block(k);
                upstream = block.backward(upstream);
            }
            adam.step();
        }
        long weightBits = 0;
        for (Parameter p : network.parameters()) {
            for (double v : p.value().data) {
                weightBits = 31 * weightBits + Double.doubleToLongBits(v);
            }
        }
        return "loss=" + Long.toHexString(lossBits) + " weights=" + Long.toHexString(weightBits);
    }
}
