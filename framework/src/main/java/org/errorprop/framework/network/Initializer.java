package org.errorprop.framework.network;

import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;

/** How a linear layer's weights {@code W} ({@code fanIn × fanOut}) are drawn. */
public enum Initializer {
    /** {@code U(-1/√fanIn, 1/√fanIn)}, PyTorch's default for {@code nn.Linear}, so results compare. */
    UNIFORM_FAN_IN {
        @Override
        double draw(RandomGenerator random, int fanIn, int fanOut) {
            double bound = 1.0 / Math.sqrt(fanIn);
            return (2.0 * random.nextDouble() - 1.0) * bound;
        }
    },
    /** {@code N(0, 2/fanIn)}, He et al. 2015, for ReLU stacks. */
    HE_NORMAL {
        @Override
        double draw(RandomGenerator random, int fanIn, int fanOut) {
            return random.nextGaussian() * Math.sqrt(2.0 / fanIn);
        }
    },
    /** {@code U(-a, a)} with {@code a = √(6/(fanIn+fanOut))}, Glorot and Bengio 2010. */
    GLOROT_UNIFORM {
        @Override
        double draw(RandomGenerator random, int fanIn, int fanOut) {
            double bound = Math.sqrt(6.0 / (fanIn + fanOut));
            return (2.0 * random.nextDouble() - 1.0) * bound;
        }
    },
    /** All zeros (the paper's choice for synthesizers). */
    ZERO {
        @Override
        double draw(RandomGenerator random, int fanIn, int fanOut) {
            return 0.0;
        }
    };

    abstract double draw(RandomGenerator random, int fanIn, int fanOut);

    /** Fills {@code weights} in row-major order from {@code random}. */
    public void fill(DMatrixRMaj weights, RandomGenerator random) {
        int fanIn = weights.numRows;
        int fanOut = weights.numCols;
        int size = weights.getNumElements();
        for (int i = 0; i < size; i++) {
            weights.data[i] = draw(random, fanIn, fanOut);
        }
    }
}
