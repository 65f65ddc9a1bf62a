package org.errorprop.framework.testing;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.ActivationLayer;
import org.errorprop.framework.network.BatchNorm;
import org.errorprop.framework.network.Block;
import org.errorprop.framework.network.Layer;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.Parameter;

/**
 * Whether a composite map is smooth enough near a point for central differences to mean anything,
 * and a guard that proves it stayed so while the differences were taken.
 *
 * <p>Two things break a finite-difference check without any bug in the code: a ReLU input within
 * {@code h·|∂z/∂θ|} of its kink, and a BatchNorm column with almost no spread, whose derivatives grow
 * like {@code 1/σ³}. {@link #inspect} runs the layers one by one exactly as the composite does and
 * measures both; a test redraws its case until {@link Report#wellConditioned} holds, and wraps the
 * map in {@link #guard} so that a kink crossed during the check fails loudly as a test-input problem
 * instead of masquerading as a gradient bug.
 */
public final class Conditioning {
    /** Smallest acceptable |ReLU input| at the point of the check. */
    public static final double MIN_RELU_MARGIN = 0.01;
    /** Smallest acceptable batch standard deviation of a column entering BatchNorm in training mode. */
    public static final double MIN_BATCHNORM_STD = 0.1;

    private Conditioning() {
    }

    /** What {@link #inspect} measured. */
    public record Report(double reluMargin, double batchNormStd, List<DMatrixRMaj> reluOutputs,
                         List<boolean[]> reluPatterns) {
        public boolean wellConditioned() {
            return reluMargin >= MIN_RELU_MARGIN && batchNormStd >= MIN_BATCHNORM_STD;
        }
    }

    /** The layers of a block in forward order. */
    public static List<Layer> layers(Block block) {
        List<Layer> layers = new ArrayList<>();
        layers.add(block.linear());
        layers.addAll(block.tail());
        return layers;
    }

    /** The layers of a network in forward order. */
    public static List<Layer> layers(Network network) {
        List<Layer> layers = new ArrayList<>();
        for (Block block : network.blocks()) {
            layers.addAll(layers(block));
        }
        return layers;
    }

    /** Runs {@code layers} in order on {@code x} and measures the ReLU margin and BatchNorm spread. */
    public static Report inspect(List<Layer> layers, DMatrixRMaj x, Mode mode) {
        double margin = Double.POSITIVE_INFINITY;
        double spread = Double.POSITIVE_INFINITY;
        List<DMatrixRMaj> outputs = new ArrayList<>();
        List<boolean[]> patterns = new ArrayList<>();
        DMatrixRMaj current = x;
        for (Layer layer : layers) {
            boolean relu = layer instanceof ActivationLayer a && a.activation() == Activation.RELU;
            if (relu) {
                margin = Math.min(margin, Matrices.minAbs(current));
            }
            if (layer instanceof BatchNorm && mode == Mode.TRAIN) {
                spread = Math.min(spread, Matrices.minColumnStd(current));
            }
            current = layer.forward(current, mode);
            if (relu) {
                outputs.add(current); // the layer's own workspace: it shows every later forward pass
                patterns.add(positive(current));
            }
        }
        return new Report(margin, spread, List.copyOf(outputs), List.copyOf(patterns));
    }

    /**
     * {@code f}, whose every forward pass afterwards asserts that each ReLU is on the same side of its
     * kink as in {@code base}, entry by entry.
     */
    public static Differentiable guard(Differentiable f, Report base) {
        return new Differentiable() {
            @Override
            public DMatrixRMaj forward(DMatrixRMaj input, Mode mode) {
                DMatrixRMaj out = f.forward(input, mode);
                for (int j = 0; j < base.reluOutputs().size(); j++) {
                    if (!java.util.Arrays.equals(base.reluPatterns().get(j), positive(base.reluOutputs().get(j)))) {
                        throw new IllegalStateException("test input problem: a perturbation crossed a ReLU kink");
                    }
                }
                return out;
            }

            @Override
            public DMatrixRMaj backward(DMatrixRMaj outputGradient) {
                return f.backward(outputGradient);
            }

            @Override
            public List<Parameter> parameters() {
                return f.parameters();
            }

            @Override
            public String toString() {
                return f.toString();
            }
        };
    }

    private static boolean[] positive(DMatrixRMaj m) {
        boolean[] pattern = new boolean[m.getNumElements()];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = m.data[i] > 0;
        }
        return pattern;
    }
}
