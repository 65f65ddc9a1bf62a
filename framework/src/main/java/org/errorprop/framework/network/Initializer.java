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
    },
    /**
     * Orthonormal columns, or rows when there are fewer rows than columns (Saxe et al. 2014, for deep
     * linear networks: the product of the maps is a well-conditioned projection whatever the depth).
     * Gram–Schmidt, applied twice, of standard normal vectors, one vector after the other.
     */
    SEMI_ORTHOGONAL {
        @Override
        double draw(RandomGenerator random, int fanIn, int fanOut) {
            throw new UnsupportedOperationException("semi-orthogonal weights are drawn as a whole matrix");
        }

        @Override
        public void fill(DMatrixRMaj weights, RandomGenerator random) {
            boolean byColumns = weights.numRows >= weights.numCols;
            int count = byColumns ? weights.numCols : weights.numRows;
            int length = byColumns ? weights.numRows : weights.numCols;
            double[][] vectors = new double[count][];
            for (int c = 0; c < count; c++) {
                vectors[c] = orthonormalTo(vectors, c, length, random);
                for (int i = 0; i < length; i++) {
                    if (byColumns) {
                        weights.set(i, c, vectors[c][i]);
                    } else {
                        weights.set(c, i, vectors[c][i]);
                    }
                }
            }
        }
    };

    abstract double draw(RandomGenerator random, int fanIn, int fanOut);

    /** A unit vector orthogonal to {@code vectors[0..count)}; redrawn in the (measure-zero) degenerate case. */
    private static double[] orthonormalTo(double[][] vectors, int count, int length, RandomGenerator random) {
        double[] v = new double[length];
        double norm;
        do {
            for (int i = 0; i < length; i++) {
                v[i] = random.nextGaussian();
            }
            for (int pass = 0; pass < 2; pass++) {
                for (int b = 0; b < count; b++) {
                    double dot = 0;
                    for (int i = 0; i < length; i++) {
                        dot += v[i] * vectors[b][i];
                    }
                    for (int i = 0; i < length; i++) {
                        v[i] -= dot * vectors[b][i];
                    }
                }
            }
            double sum = 0;
            for (double x : v) {
                sum += x * x;
            }
            norm = Math.sqrt(sum);
        } while (norm < 1e-6);
        for (int i = 0; i < length; i++) {
            v[i] /= norm;
        }
        return v;
    }

    /** Fills {@code weights} from {@code random} (element by element in row-major order, unless said otherwise). */
    public void fill(DMatrixRMaj weights, RandomGenerator random) {
        int fanIn = weights.numRows;
        int fanOut = weights.numCols;
        int size = weights.getNumElements();
        for (int i = 0; i < size; i++) {
            weights.data[i] = draw(random, fanIn, fanOut);
        }
    }
}
