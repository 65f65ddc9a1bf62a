package org.errorprop.framework.network;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.random.RandomStreams;

/**
 * A fully connected network, as data: widths, non-linearity, where BatchNorm goes, biases and the
 * initialiser. {@link #build} draws the weights of block {@code k} from the stream
 * {@code "init/block-k"}, so the same seed gives the same network whatever else changes.
 *
 * @param inputWidth       features per example
 * @param hiddenWidths     width of every hidden block, bottom to top
 * @param outputWidth      width of the network output {@code p}
 * @param activation       non-linearity of the hidden blocks (the output block has none)
 * @param bias             whether linear maps have a bias
 * @param hiddenBatchNorm  BatchNorm after each hidden linear map, before the non-linearity
 * @param outputBatchNorm  BatchNorm after the output linear map
 * @param initializer      how linear weights are drawn
 */
public record Architecture(int inputWidth, List<Integer> hiddenWidths, int outputWidth, Activation activation,
                           boolean bias, boolean hiddenBatchNorm, boolean outputBatchNorm, Initializer initializer) {

    public Architecture {
        hiddenWidths = List.copyOf(hiddenWidths);
        if (inputWidth <= 0 || outputWidth <= 0) {
            throw new InvalidInputException("network widths must be positive, got input " + inputWidth + " and output "
                    + outputWidth);
        }
        for (int width : hiddenWidths) {
            if (width <= 0) {
                throw new InvalidInputException("hidden widths must be positive, got " + hiddenWidths);
            }
        }
    }

    /**
     * The reference network of errorprop: 784-256-256-10, no biases, BatchNorm after every linear
     * map (the output's included), ReLU.
     */
    public static Architecture reference(int inputWidth, int outputWidth) {
        return new Architecture(inputWidth, List.of(256, 256), outputWidth, Activation.RELU, false, true, true,
                Initializer.UNIFORM_FAN_IN);
    }

    public Architecture withWidths(int input, int output) {
        return new Architecture(input, hiddenWidths, output, activation, bias, hiddenBatchNorm, outputBatchNorm,
                initializer);
    }

    public NetworkShape shape() {
        List<Integer> widths = new ArrayList<>();
        widths.add(inputWidth);
        widths.addAll(hiddenWidths);
        widths.add(outputWidth);
        return new NetworkShape(widths);
    }

    /** The network, its weights drawn from {@code random}, computing on {@code compute}. */
    public Network build(RandomStreams random, Compute compute) {
        NetworkShape shape = shape();
        List<Block> blocks = new ArrayList<>();
        for (int k = 1; k <= shape.blocks(); k++) {
            String name = "block-" + k;
            int in = shape.widths().get(k - 1);
            int out = shape.widths().get(k);
            Linear linear = new Linear(name + "/linear", in, out, bias, compute);
            initializer.fill(linear.weight().value(), random.startOf("init/" + name));
            boolean isOutput = k == shape.blocks();
            List<Layer> tail = new ArrayList<>();
            if (isOutput ? outputBatchNorm : hiddenBatchNorm) {
                tail.add(new BatchNorm(name + "/batchnorm", out, compute));
            }
            if (!isOutput && activation != Activation.IDENTITY) {
                tail.add(new ActivationLayer(activation, out, compute));
            }
            blocks.add(new Block(name, linear, tail));
        }
        return new Network(blocks, compute);
    }
}
