package org.errorprop.experiments.reproduce.table2;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.random.RandomStreams;

/**
 * A chain of affine maps {@code H_{l+1} = H_l W_l + 1 b_l} without non-linearities: Table 2's linear and
 * logistic regression (one map) and its deep linear models (ten hidden layers, eleven maps), trained full
 * batch. Every map has a bias; end to end the chain is one affine map, so its best loss is the shallow
 * model's.
 *
 * <p>{@link #backward} takes a per-example signal {@code D} at the output (the true {@code ∂L_i/∂p_i}, or a
 * synthetic gradient standing in for it) and leaves in each parameter the gradient of the mean loss that
 * signal implies, as backpropagation computes it: {@code ∂W_l = H_lᵀ D_{l+1} / n}, {@code ∂b_l = 1ᵀ D_{l+1} / n},
 * {@code D_l = D_{l+1} W_lᵀ}.
 *
 * <p>How it is evaluated: since nothing between the maps is non-linear, every activation is an affine image
 * of the inputs, {@code H_l = X P_l + 1 c_l} with {@code P_{l+1} = P_l W_l}, {@code c_{l+1} = c_l W_l + b_l}
 * ({@code P_0 = I}, {@code c_0 = 0}), and every backpropagated signal is a linear image of the output signal,
 * {@code D_l = D R_l} with {@code R_L = I}, {@code R_l = R_{l+1} W_lᵀ}. So
 * {@code ∂W_l = (P_lᵀ (XᵀD) + c_lᵀ (1ᵀD)) R_{l+1} / n} and {@code ∂b_l = (1ᵀD) R_{l+1} / n}: the only products
 * with the {@code n × k} inputs are {@code X P_L} and {@code XᵀD}, whatever the depth, and the rest are
 * products of small matrices. The numbers are those of layer-by-layer backpropagation up to rounding (the
 * products are associated differently); a deep model on {@code linear_100} then costs about as much as a
 * shallow one, which is what lets the quick scale train ten data sets per cell.
 *
 * <p>Initialisation: a shallow chain starts at zero (the convex problem's usual start, as in the
 * proofs-check of Theorem 1). A deep chain starts semi-orthogonal (Saxe et al. 2014's choice for deep linear
 * networks): each {@code W_l} has orthonormal rows or columns, whichever are fewer, so the product is a
 * well-conditioned projection and neither the signal nor the gradient shrinks or grows with depth (with a
 * Gaussian start the scale of an eleven-fold product of narrow matrices varies by orders of magnitude between
 * data sets). Biases start at zero.
 */
final class LinearChain {
    private final List<Parameter> weights = new ArrayList<>();
    private final List<Parameter> biases = new ArrayList<>();
    private final int inputs;
    private final int outputs;
    /** {@code P_l} for l = 1..L (index l − 1), refreshed by {@link #forward}. */
    private final List<DMatrixRMaj> prefixMaps = new ArrayList<>();
    /** {@code c_l} for l = 1..L (index l − 1), refreshed by {@link #forward}. */
    private final List<DMatrixRMaj> prefixOffsets = new ArrayList<>();
    private DMatrixRMaj lastInputs;
    private final DMatrixRMaj output;

    /**
     * @param widths   {@code widths[0]} inputs, then the hidden widths, then the outputs
     * @param examples the (fixed) number of rows every forward pass sees
     * @param streams  the source of the deep chain's starting weights (stream {@code layer-l})
     */
    LinearChain(int[] widths, int examples, RandomStreams streams) {
        if (widths.length < 2) {
            throw new IllegalArgumentException("a chain needs an input and an output width");
        }
        boolean shallow = widths.length == 2;
        for (int l = 0; l + 1 < widths.length; l++) {
            Parameter w = Parameter.zeros("layer-" + l + "/weight", widths[l], widths[l + 1], true);
            if (!shallow) {
                semiOrthogonal(w.value(), streams.stream("layer-" + l));
            }
            weights.add(w);
            biases.add(Parameter.zeros("layer-" + l + "/bias", 1, widths[l + 1], false));
            prefixMaps.add(new DMatrixRMaj(widths[0], widths[l + 1]));
            prefixOffsets.add(new DMatrixRMaj(1, widths[l + 1]));
        }
        inputs = widths[0];
        outputs = widths[widths.length - 1];
        output = new DMatrixRMaj(examples, outputs);
    }

    /** The widths of a chain with {@code hidden} hidden layers of {@code width} units. */
    static int[] widths(int inputs, int hidden, int width, int outputs) {
        int[] widths = new int[hidden + 2];
        widths[0] = inputs;
        for (int l = 1; l <= hidden; l++) {
            widths[l] = width;
        }
        widths[hidden + 1] = outputs;
        return widths;
    }

    List<Parameter> parameters() {
        List<Parameter> all = new ArrayList<>();
        for (int l = 0; l < weights.size(); l++) {
            all.add(weights.get(l));
            all.add(biases.get(l));
        }
        return all;
    }

    /** The outputs for {@code x} ({@code n × k}); the returned matrix is reused by the next call. */
    DMatrixRMaj forward(DMatrixRMaj x) {
        if (x.numCols != inputs || x.numRows != output.numRows) {
            throw new IllegalArgumentException("expected " + output.numRows + " x " + inputs + " inputs");
        }
        for (int l = 0; l < weights.size(); l++) {
            DMatrixRMaj w = weights.get(l).value();
            DMatrixRMaj map = prefixMaps.get(l);
            DMatrixRMaj offset = prefixOffsets.get(l);
            if (l == 0) {
                map.setTo(w);
                offset.setTo(biases.get(0).value());
            } else {
                CommonOps_DDRM.mult(prefixMaps.get(l - 1), w, map);
                CommonOps_DDRM.mult(prefixOffsets.get(l - 1), w, offset);
                CommonOps_DDRM.addEquals(offset, biases.get(l).value());
            }
        }
        int last = weights.size() - 1;
        inputProduct(x, prefixMaps.get(last), prefixOffsets.get(last), output);
        lastInputs = x;
        return output;
    }

    /** Fills every parameter's gradient from the per-example output signal, at the last {@link #forward}. */
    void backward(DMatrixRMaj outputSignal) {
        if (lastInputs == null) {
            throw new IllegalStateException("backward before forward");
        }
        int n = outputSignal.numRows;
        DMatrixRMaj inputsTimesSignal = new DMatrixRMaj(inputs, outputs);
        transposedInputProduct(lastInputs, outputSignal, inputsTimesSignal);
        DMatrixRMaj signalSum = new DMatrixRMaj(1, outputs);
        CommonOps_DDRM.sumCols(outputSignal, signalSum);
        DMatrixRMaj back = CommonOps_DDRM.identity(outputs);
        for (int l = weights.size() - 1; l >= 0; l--) {
            // back = R_{l+1}: the map from the output signal to the signal arriving at layer l's outputs
            DMatrixRMaj signalAtLayer = new DMatrixRMaj(l == 0 ? inputs : prefixMaps.get(l - 1).numCols, outputs);
            if (l == 0) {
                signalAtLayer.setTo(inputsTimesSignal);
            } else {
                CommonOps_DDRM.multTransA(prefixMaps.get(l - 1), inputsTimesSignal, signalAtLayer);
                DMatrixRMaj offsetPart = new DMatrixRMaj(signalAtLayer.numRows, outputs);
                CommonOps_DDRM.multTransA(prefixOffsets.get(l - 1), signalSum, offsetPart);
                CommonOps_DDRM.addEquals(signalAtLayer, offsetPart);
            }
            // ∂W_l = H_lᵀ D R_{l+1} / n = signalAtLayer · R_{l+1} / n
            CommonOps_DDRM.mult(1.0 / n, signalAtLayer, back, weights.get(l).gradient());
            CommonOps_DDRM.mult(1.0 / n, signalSum, back, biases.get(l).gradient());
            if (l > 0) {
                DMatrixRMaj next = new DMatrixRMaj(outputs, weights.get(l).value().numRows);
                CommonOps_DDRM.multTransB(back, weights.get(l).value(), next);
                back = next;
            }
        }
    }

    /**
     * {@code out = X M + 1 c} for {@code n × k} inputs and a narrow {@code k × m} map: each entry a dot product
     * summed in four interleaved partial sums (a single accumulator would serialise on the adder's latency and
     * make this product, the forward pass's only large one, four times slower).
     */
    static void inputProduct(DMatrixRMaj x, DMatrixRMaj map, DMatrixRMaj offset, DMatrixRMaj out) {
        int n = x.numRows;
        int k = x.numCols;
        int m = map.numCols;
        double[][] columns = new double[m][k];
        for (int f = 0; f < k; f++) {
            for (int j = 0; j < m; j++) {
                columns[j][f] = map.data[f * m + j];
            }
        }
        int blocked = k - k % 4;
        for (int i = 0; i < n; i++) {
            int row = i * k;
            for (int j = 0; j < m; j++) {
                double[] column = columns[j];
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int f = 0;
                for (; f < blocked; f += 4) {
                    s0 += x.data[row + f] * column[f];
                    s1 += x.data[row + f + 1] * column[f + 1];
                    s2 += x.data[row + f + 2] * column[f + 2];
                    s3 += x.data[row + f + 3] * column[f + 3];
                }
                for (; f < k; f++) {
                    s0 += x.data[row + f] * column[f];
                }
                out.data[i * m + j] = offset.data[j] + ((s0 + s1) + (s2 + s3));
            }
        }
    }

    /** {@code out = Xᵀ D} ({@code k × m}), accumulated row by row of {@code X} as independent multiply-adds. */
    static void transposedInputProduct(DMatrixRMaj x, DMatrixRMaj signal, DMatrixRMaj out) {
        int n = x.numRows;
        int k = x.numCols;
        int m = signal.numCols;
        double[][] columns = new double[m][k];
        for (int i = 0; i < n; i++) {
            int row = i * k;
            for (int j = 0; j < m; j++) {
                double d = signal.data[i * m + j];
                double[] target = columns[j];
                for (int f = 0; f < k; f++) {
                    target[f] += x.data[row + f] * d;
                }
            }
        }
        for (int f = 0; f < k; f++) {
            for (int j = 0; j < m; j++) {
                out.data[f * m + j] = columns[j][f];
            }
        }
    }

    /**
     * Fills {@code m} with a random matrix with orthonormal columns (rows when it has more columns than rows):
     * Gram–Schmidt, applied twice, of standard normal vectors from {@code random}.
     */
    static void semiOrthogonal(DMatrixRMaj m, RandomGenerator random) {
        boolean byColumns = m.numRows >= m.numCols;
        int count = byColumns ? m.numCols : m.numRows;
        int length = byColumns ? m.numRows : m.numCols;
        double[][] vectors = new double[count][length];
        for (int c = 0; c < count; c++) {
            double[] v = vectors[c];
            double norm;
            do {
                for (int i = 0; i < length; i++) {
                    v[i] = random.nextGaussian();
                }
                for (int pass = 0; pass < 2; pass++) {
                    for (int b = 0; b < c; b++) {
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
        }
        for (int c = 0; c < count; c++) {
            for (int i = 0; i < length; i++) {
                if (byColumns) {
                    m.set(i, c, vectors[c][i]);
                } else {
                    m.set(c, i, vectors[c][i]);
                }
            }
        }
    }
}
