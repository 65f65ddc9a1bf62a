package org.errorprop.experiments.bench;

import java.util.Collections;
import java.util.List;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;

/**
 * The network of issue #6 (and of the PyTorch peer): 784 → {@code depth} × (Linear {@code width} with bias,
 * BatchNorm, ReLU) → Linear 10, softmax cross-entropy, Adam, batches of {@code batch}; the SG variant cuts the
 * stack after the first {@code ⌈depth/2⌉} blocks with a linear, label-conditioned, zero-initialised synthesizer.
 *
 * @param depth hidden blocks
 * @param width units per hidden block
 * @param batch examples per step
 */
public record BenchmarkNetwork(int depth, int width, int batch) {
    public static final int INPUTS = 784;
    public static final int CLASSES = 10;

    public BenchmarkNetwork {
        if (depth < 2 || width < 1 || batch < 2) {
            throw new InvalidInputException("bench needs depth >= 2 (the SG sits between two halves), width >= 1 and"
                    + " batch >= 2 (BatchNorm), got depth " + depth + ", width " + width + ", batch " + batch);
        }
    }

    public Architecture architecture() {
        return new Architecture(INPUTS, Collections.nCopies(depth, width), CLASSES, Activation.RELU, true, true, false,
                Initializer.UNIFORM_FAN_IN);
    }

    /** The boundary of the synthesizer: after block {@code ⌈depth/2⌉}, as the peer's {@code (depth + 1) // 2}. */
    public int synthesizerBoundary() {
        return (depth + 1) / 2;
    }

    /**
     * Floating-point operations of the matrix products of one training step, the standard count: every linear
     * map costs {@code 2·batch·in·out} forward and twice that backward (the input gradient and the weight
     * gradient), except that the first map needs no input gradient. The synthetic-gradient step adds the
     * synthesizer's forward product and its weight gradient on {@code [h, y]}. BatchNorm, ReLU, the loss and
     * Adam are linear in the sizes and left out (they are under 2% of the products at width 256).
     */
    public double flopsPerStep(boolean synthetic) {
        List<Integer> widths = architecture().shape().widths();
        double flops = 0;
        for (int k = 1; k < widths.size(); k++) {
            double forward = 2.0 * batch * widths.get(k - 1) * widths.get(k);
            flops += k == 1 ? 2 * forward : 3 * forward;
        }
        if (synthetic) {
            flops += 2 * (2.0 * batch * (width + CLASSES) * width);
        }
        return flops;
    }
}
