package org.errorprop.framework.network;

import java.util.List;
import org.ejml.data.DMatrixRMaj;

/**
 * Batch normalisation over the rows of a batch, one statistic per column (Ioffe and Szegedy 2015):
 * {@code y = γ (x − μ) / √(σ² + ε) + β}.
 *
 * <p>In {@link Mode#TRAIN} μ and σ² are the batch mean and biased variance, and the running
 * statistics move towards them with {@code momentum} (the running variance uses the unbiased batch
 * variance), as PyTorch's {@code BatchNorm1d} does, so numbers compare. In {@link Mode#EVAL} the
 * running statistics are used and not changed. {@link #backward} differentiates whichever mode the
 * last forward pass ran in.
 */
public final class BatchNorm implements Layer {
    public static final double DEFAULT_EPSILON = 1e-5;
    public static final double DEFAULT_MOMENTUM = 0.1;

    private final String name;
    private final int width;
    private final double epsilon;
    private final double momentum;
    private final Parameter scale;
    private final Parameter shift;
    private final double[] runningMean;
    private final double[] runningVariance;

    private final double[] mean;
    private final double[] inverseStd;
    private final double[] sumGradient;
    private final double[] sumGradientTimesNormalized;
    private final DMatrixRMaj normalized = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj output = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj inputGradient = new DMatrixRMaj(1, 1);
    private Mode lastMode;

    public BatchNorm(String name, int width) {
        this(name, width, DEFAULT_EPSILON, DEFAULT_MOMENTUM);
    }

    public BatchNorm(String name, int width, double epsilon, double momentum) {
        if (width <= 0) {
            throw new IllegalArgumentException(name + ": width must be positive, was " + width);
        }
        if (!(epsilon > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException(name + ": need epsilon > 0 and momentum in [0,1]");
        }
        this.name = name;
        this.width = width;
        this.epsilon = epsilon;
        this.momentum = momentum;
        this.scale = Parameter.zeros(name + "/scale", 1, width, false);
        this.shift = Parameter.zeros(name + "/shift", 1, width, false);
        java.util.Arrays.fill(scale.value().data, 1.0);
        this.runningMean = new double[width];
        this.runningVariance = new double[width];
        java.util.Arrays.fill(runningVariance, 1.0);
        this.mean = new double[width];
        this.inverseStd = new double[width];
        this.sumGradient = new double[width];
        this.sumGradientTimesNormalized = new double[width];
    }

    @Override
    public String kind() {
        return "batchnorm";
    }

    @Override
    public int inputWidth() {
        return width;
    }

    @Override
    public int outputWidth() {
        return width;
    }

    public Parameter scale() {
        return scale;
    }

    public Parameter shift() {
        return shift;
    }

    /** A copy of the running mean. */
    public double[] runningMean() {
        return runningMean.clone();
    }

    /** A copy of the running variance. */
    public double[] runningVariance() {
        return runningVariance.clone();
    }

    @Override
    public DMatrixRMaj forward(DMatrixRMaj in, Mode mode) {
        if (in.numCols != width) {
            throw new IllegalArgumentException(name + ": input has " + in.numCols + " columns, expected " + width);
        }
        int rows = in.numRows;
        double[] x = in.data;
        if (mode == Mode.TRAIN) {
            batchStatistics(x, rows);
        } else {
            for (int c = 0; c < width; c++) {
                mean[c] = runningMean[c];
                inverseStd[c] = 1.0 / Math.sqrt(runningVariance[c] + epsilon);
            }
        }
        double[] xhat = Layer.fit(normalized, rows, width).data;
        double[] y = Layer.fit(output, rows, width).data;
        double[] gamma = scale.value().data;
        double[] beta = shift.value().data;
        for (int r = 0, at = 0; r < rows; r++) {
            for (int c = 0; c < width; c++, at++) {
                double v = (x[at] - mean[c]) * inverseStd[c];
                xhat[at] = v;
                y[at] = gamma[c] * v + beta[c];
            }
        }
        lastMode = mode;
        return output;
    }

    private void batchStatistics(double[] x, int rows) {
        java.util.Arrays.fill(mean, 0.0);
        for (int r = 0, at = 0; r < rows; r++) {
            for (int c = 0; c < width; c++, at++) {
                mean[c] += x[at];
            }
        }
        for (int c = 0; c < width; c++) {
            mean[c] /= rows;
        }
        double[] squares = inverseStd;
        java.util.Arrays.fill(squares, 0.0);
        for (int r = 0, at = 0; r < rows; r++) {
            for (int c = 0; c < width; c++, at++) {
                double d = x[at] - mean[c];
                squares[c] += d * d;
            }
        }
        for (int c = 0; c < width; c++) {
            double biased = squares[c] / rows;
            double unbiased = rows > 1 ? squares[c] / (rows - 1) : biased;
            runningMean[c] = (1 - momentum) * runningMean[c] + momentum * mean[c];
            runningVariance[c] = (1 - momentum) * runningVariance[c] + momentum * unbiased;
            inverseStd[c] = 1.0 / Math.sqrt(biased + epsilon);
        }
    }

    @Override
    public DMatrixRMaj backward(DMatrixRMaj outputGradient) {
        int rows = outputGradient.numRows;
        if (lastMode == null || rows != normalized.numRows || outputGradient.numCols != width) {
            throw new IllegalStateException(name + ": backward without a matching forward pass");
        }
        double[] dy = outputGradient.data;
        double[] xhat = normalized.data;
        double[] gamma = scale.value().data;
        java.util.Arrays.fill(sumGradient, 0.0);
        java.util.Arrays.fill(sumGradientTimesNormalized, 0.0);
        for (int r = 0, at = 0; r < rows; r++) {
            for (int c = 0; c < width; c++, at++) {
                sumGradient[c] += dy[at];
                sumGradientTimesNormalized[c] += dy[at] * xhat[at];
            }
        }
        System.arraycopy(sumGradientTimesNormalized, 0, scale.gradient().data, 0, width);
        System.arraycopy(sumGradient, 0, shift.gradient().data, 0, width);
        double[] dx = Layer.fit(inputGradient, rows, width).data;
        if (lastMode == Mode.EVAL) {
            for (int r = 0, at = 0; r < rows; r++) {
                for (int c = 0; c < width; c++, at++) {
                    dx[at] = dy[at] * gamma[c] * inverseStd[c];
                }
            }
            return inputGradient;
        }
        // dx = γ/(n σ) (n dy − Σdy − x̂ Σ(dy x̂)), the batch statistics' own derivatives included.
        for (int r = 0, at = 0; r < rows; r++) {
            for (int c = 0; c < width; c++, at++) {
                dx[at] = gamma[c] * inverseStd[c]
                        * (dy[at] - (sumGradient[c] + xhat[at] * sumGradientTimesNormalized[c]) / rows);
            }
        }
        return inputGradient;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(scale, shift);
    }
}
