package org.errorprop.framework.testing;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.network.Block;
import org.errorprop.framework.network.Layer;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.Parameter;

/**
 * What a gradient check needs of a map of batches: a forward pass, a backward pass that fills the
 * parameters' gradients and returns {@code ∂L/∂input}, and the parameters. Adapts a {@link Layer},
 * a {@link Block} and a {@link Network} (whose backward pass is the blocks' backward passes from the
 * top down, i.e. plain backprop) to one shape, so one checking helper serves all three.
 */
public interface Differentiable {

    DMatrixRMaj forward(DMatrixRMaj input, Mode mode);

    DMatrixRMaj backward(DMatrixRMaj outputGradient);

    List<Parameter> parameters();

    static Differentiable of(Layer layer) {
        return new Differentiable() {
            @Override
            public DMatrixRMaj forward(DMatrixRMaj input, Mode mode) {
                return layer.forward(input, mode);
            }

            @Override
            public DMatrixRMaj backward(DMatrixRMaj outputGradient) {
                return layer.backward(outputGradient);
            }

            @Override
            public List<Parameter> parameters() {
                return layer.parameters();
            }

            @Override
            public String toString() {
                return layer.kind();
            }
        };
    }

    static Differentiable of(Block block) {
        return new Differentiable() {
            @Override
            public DMatrixRMaj forward(DMatrixRMaj input, Mode mode) {
                return block.forward(input, mode);
            }

            @Override
            public DMatrixRMaj backward(DMatrixRMaj outputGradient) {
                return block.backward(outputGradient);
            }

            @Override
            public List<Parameter> parameters() {
                return block.parameters();
            }

            @Override
            public String toString() {
                return block.name();
            }
        };
    }

    static Differentiable of(Network network) {
        return new Differentiable() {
            @Override
            public DMatrixRMaj forward(DMatrixRMaj input, Mode mode) {
                return network.forward(input, mode);
            }

            @Override
            public DMatrixRMaj backward(DMatrixRMaj outputGradient) {
                DMatrixRMaj current = outputGradient;
                for (int k = network.shape().blocks(); k >= 1; k--) {
                    current = network.block(k).backward(current);
                }
                return current;
            }

            @Override
            public List<Parameter> parameters() {
                return network.parameters();
            }

            @Override
            public String toString() {
                return "network " + network.shape().widths();
            }
        };
    }
}
