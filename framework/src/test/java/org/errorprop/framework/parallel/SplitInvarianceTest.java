package org.errorprop.framework.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.linalg.BlasBackend;
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
 * With native BLAS, cutting the work into parts changes no bit of training: the same steps in a JVM with one part
 * and in one with two give the same loss and weights, bit for bit. Each run is its own JVM because the number of
 * parts is fixed per process. The sizes make every kind of pass split: products of 8.4 MFLOP on 64 rows, BatchNorm,
 * ReLU and Adam on 16,384 elements and more.
 *
 * <p>Seen failing with the hypothesis broken: with products cut at any row ({@code Blas.ROW_GRAIN} 1) and a batch
 * of 66, cut at row 33, the loss and weights differed in their last bits; with the grain of 8 the same batch (cut
 * at row 32) passed.
 */
class SplitInvarianceTest {

    @Test
    void twentyTrainingStepsGiveTheSameBitsWithOneAndWithTwoParts() throws Exception {
        assumeTrue(Blas.backend() == BlasBackend.NATIVE, "only OpenBLAS keeps every bit when a product is cut");
        String one = trainInFreshJvm(1);
        String two = trainInFreshJvm(2);
        assertTrue(one.startsWith("parts=1 "), one);
        assertTrue(two.startsWith("parts=2 "), two);
        assertEquals(one.substring("parts=1 ".length()), two.substring("parts=2 ".length()));
    }

    private static String trainInFreshJvm(int parts) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-D" + WorkSplitter.PROPERTY + "=" + parts,
                "-cp", System.getProperty("java.class.path"), Probe.class.getName()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), output);
        String[] lines = output.split("\n");
        return lines[lines.length - 1];
    }

    /** Trains 100 -> 256 -> 256 -> 10 with BatchNorm and ReLU, batch 64, Adam, and prints the result's bits. */
    public static final class Probe {
        public static void main(String[] args) {
            RandomStreams random = new RandomStreams(11);
            Network network = new Architecture(100, List.of(256, 256), 10, Activation.RELU, true, true, false,
                    Initializer.UNIFORM_FAN_IN).build(random.child("init"));
            Optimizer adam = Adam.withLearningRate(1e-3).attach(network.parameters());
            Loss loss = LossFunction.SOFTMAX_CROSS_ENTROPY.loss();
            var data = random.stream("data");
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
            System.out.println("parts=" + WorkSplitter.shared().parts() + " loss=" + Long.toHexString(lossBits)
                    + " weights=" + Long.toHexString(weightBits));
        }
    }
}
