package org.errorprop.framework.network;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.linalg.Workspaces;
import org.errorprop.framework.parallel.RangeTask;
import org.errorprop.framework.parallel.WorkSplitter;

/**
 * {@code g = h W + b}: weights {@code W} are {@code inputs × outputs}, the bias {@code b} is optional.
 *
 * <p>Besides the ordinary {@link #backward}, the two halves of it are exposed separately because
 * propagation rules differ exactly there: {@link #computeParameterGradients} is the local gradient
 * every rule shares ({@code ∂L/∂W = hᵀ δ}, {@code ∂L/∂b = Σ_rows δ}) and {@link #carryDown} carries
 * an error below with any matrix of {@code W}'s shape ({@code W} itself for backprop, a fixed random
 * matrix for feedback alignment).
 */
public final class Linear implements Layer {
    private final Parameter weight;
    private final Parameter bias;
    private DMatrixRMaj input;
    private final DMatrixRMaj output = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj inputGradient = new DMatrixRMaj(1, 1);
    private final Blas blas;
    private final WorkSplitter splitter;
    private final RangeTask addBiasRows = this::addBiasRows;
    private final RangeTask sumErrorColumns = this::sumErrorColumns;
    private DMatrixRMaj error;

    /** A map with zero weights (and bias), computing on {@code compute}. */
    public Linear(String name, int inputs, int outputs, boolean withBias, Compute compute) {
        if (inputs <= 0 || outputs <= 0) {
            throw new IllegalArgumentException(name + ": sizes must be positive, were " + inputs + " x " + outputs);
        }
        this.weight = Parameter.zeros(name + "/weight", inputs, outputs, true);
        this.bias = withBias ? Parameter.zeros(name + "/bias", 1, outputs, false) : null;
        this.blas = compute.blas();
        this.splitter = compute.splitter();
    }

    @Override
    public String kind() {
        return "linear";
    }

    @Override
    public int inputWidth() {
        return weight.value().numRows;
    }

    @Override
    public int outputWidth() {
        return weight.value().numCols;
    }

    public Parameter weight() {
        return weight;
    }

    public boolean hasBias() {
        return bias != null;
    }

    /** The bias parameter; throws if the layer has none. */
    public Parameter bias() {
        if (bias == null) {
            throw new IllegalStateException(weight.name() + " has no bias");
        }
        return bias;
    }

    /** The input of the last forward pass ({@code h_{k-1}}). */
    public DMatrixRMaj lastInput() {
        return input;
    }

    @Override
    public DMatrixRMaj forward(DMatrixRMaj in, Mode mode) {
        checkWidth(in.numCols, inputWidth(), "input");
        this.input = in;
        Workspaces.fit(output, in.numRows, outputWidth());
        blas.multiply(in, weight.value(), output);
        if (bias != null) {
            splitter.forEachRangeIfLarge(output.numRows, output.getNumElements(), addBiasRows);
        }
        return output;
    }

    @Override
    public DMatrixRMaj backward(DMatrixRMaj outputGradient) {
        computeParameterGradients(outputGradient);
        return carryDown(outputGradient, weight.value());
    }

    /** Overwrites {@code ∂L/∂W = hᵀ δ} and {@code ∂L/∂b = Σ_rows δ} for {@code δ = ∂L/∂g}. */
    public void computeParameterGradients(DMatrixRMaj preActivationError) {
        checkRows(preActivationError);
        checkWidth(preActivationError.numCols, outputWidth(), "error");
        blas.multiplyTransposeA(input, preActivationError, weight.gradient());
        if (bias != null) {
            error = preActivationError;
            splitter.forEachRangeIfLarge(outputWidth(), preActivationError.getNumElements(), sumErrorColumns);
            error = null;
        }
    }

    /** Rows {@code [from, to)} of the output get the bias added. */
    private void addBiasRows(int from, int to) {
        double[] b = bias.value().data;
        double[] o = output.data;
        int cols = output.numCols;
        for (int r = from; r < to; r++) {
            int base = r * cols;
            for (int c = 0; c < cols; c++) {
                o[base + c] += b[c];
            }
        }
    }

    /** Columns {@code [from, to)} of the bias gradient: the error summed over the rows, row by row. */
    private void sumErrorColumns(int from, int to) {
        double[] gb = bias.gradient().data;
        java.util.Arrays.fill(gb, from, to, 0.0);
        double[] d = error.data;
        int cols = error.numCols;
        for (int r = 0; r < error.numRows; r++) {
            int base = r * cols;
            for (int c = from; c < to; c++) {
                gb[c] += d[base + c];
            }
        }
    }

    /**
     * {@code δ Cᵀ}: the error {@code δ = ∂L/∂g} carried to this layer's input through {@code carrier},
     * a matrix of {@code W}'s shape. Returns a matrix this layer owns.
     */
    public DMatrixRMaj carryDown(DMatrixRMaj preActivationError, DMatrixRMaj carrier) {
        if (carrier.numRows != inputWidth() || carrier.numCols != outputWidth()) {
            throw new IllegalArgumentException(weight.name() + ": carrier is " + carrier.numRows + "x"
                    + carrier.numCols + ", expected W's shape " + inputWidth() + "x" + outputWidth());
        }
        Workspaces.fit(inputGradient, preActivationError.numRows, inputWidth());
        blas.multiplyTransposeB(preActivationError, carrier, inputGradient);
        return inputGradient;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>(2);
        list.add(weight);
        if (bias != null) {
            list.add(bias);
        }
        return List.copyOf(list);
    }

    private void checkRows(DMatrixRMaj error) {
        if (input == null || error.numRows != input.numRows) {
            throw new IllegalStateException(weight.name() + ": backward without a matching forward pass");
        }
    }

    private void checkWidth(int actual, int expected, String what) {
        if (actual != expected) {
            throw new IllegalArgumentException(weight.name() + ": " + what + " has " + actual + " columns, expected "
                    + expected);
        }
    }
}
