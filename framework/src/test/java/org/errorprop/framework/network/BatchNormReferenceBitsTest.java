package org.errorprop.framework.network;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.testing.Matrices;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BatchNorm's passes (row buffers, column ranges on two parts) against a plain element-by-element reference of the
 * same formulas in the same order of operations: equal bit for bit in the output, the running statistics and every
 * gradient, in training and evaluation mode. The control: a reference that multiplies {@code γ·(1/σ·(…))} instead
 * of {@code (γ/σ)·(…)} differs, so the comparison sees a change of one rounding.
 */
class BatchNormReferenceBitsTest {
    private static final int[][] SHAPES = {{2, 1}, {5, 7}, {128, 256}, {96, 130}};

    @Test
    void theLayerComputesTheReferenceBitForBit() {
        try (Compute twoParts = Compute.of(BlasBackend.AUTO, 2)) {
            for (Compute compute : new Compute[] {Compute.sequential(), twoParts}) {
                for (int[] shape : SHAPES) {
                    for (Mode mode : Mode.values()) {
                        assertTrue(agrees(compute, shape[0], shape[1], mode, false),
                                shape[0] + "x" + shape[1] + " " + mode + " on " + compute.describe());
                    }
                }
            }
        }
    }

    @Test
    void theComparisonSeesOneRoundingChanged() {
        assertFalse(agrees(Compute.sequential(), 128, 256, Mode.TRAIN, true));
    }

    /** Two forward and backward passes (the second after the running statistics moved) against the reference. */
    private static boolean agrees(Compute compute, int rows, int width, Mode mode, boolean regroupedReference) {
        SplittableRandom random = new SplittableRandom(rows * 1000L + width);
        BatchNorm layer = new BatchNorm("bn", width, compute);
        Reference reference = new Reference(width);
        Matrices.fill(layer.scale().value(), 0.5, 1.5, random);
        Matrices.fill(layer.shift().value(), -0.5, 0.5, random);
        System.arraycopy(layer.scale().value().data, 0, reference.gamma, 0, width);
        System.arraycopy(layer.shift().value().data, 0, reference.beta, 0, width);
        for (int pass = 0; pass < 2; pass++) {
            DMatrixRMaj x = new DMatrixRMaj(rows, width);
            Matrices.fill(x, -3, 5, random);
            DMatrixRMaj dy = new DMatrixRMaj(rows, width);
            Matrices.fill(dy, -1, 1, random);
            DMatrixRMaj y = layer.forward(x, mode).copy();
            DMatrixRMaj dx = layer.backward(dy);
            double[] expectedY = reference.forward(x.data, rows, mode == Mode.TRAIN);
            double[] expectedDx = reference.backward(dy.data, rows, mode == Mode.TRAIN, regroupedReference);
            if (!same(expectedY, y.data) || !same(expectedDx, dx.data)
                    || !same(reference.gammaGradient, layer.scale().gradient().data)
                    || !same(reference.betaGradient, layer.shift().gradient().data)
                    || !same(reference.runningMean, layer.runningMean())
                    || !same(reference.runningVariance, layer.runningVariance())) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(double[] expected, double[] actual) {
        if (expected.length != actual.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (Double.doubleToLongBits(expected[i]) != Double.doubleToLongBits(actual[i])) {
                return false;
            }
        }
        return true;
    }

    /** The formulas of {@link BatchNorm}'s javadoc, one element at a time, column by column. */
    private static final class Reference {
        final int width;
        final double[] gamma;
        final double[] beta;
        final double[] runningMean;
        final double[] runningVariance;
        final double[] mean;
        final double[] inverseStd;
        double[] gammaGradient;
        double[] betaGradient;
        double[] xhat;

        Reference(int width) {
            this.width = width;
            gamma = new double[width];
            beta = new double[width];
            runningMean = new double[width];
            runningVariance = new double[width];
            Arrays.fill(runningVariance, 1.0);
            mean = new double[width];
            inverseStd = new double[width];
        }

        double[] forward(double[] x, int rows, boolean train) {
            double momentum = BatchNorm.DEFAULT_MOMENTUM;
            for (int c = 0; c < width; c++) {
                if (train) {
                    double sum = 0;
                    for (int r = 0; r < rows; r++) {
                        sum += x[r * width + c];
                    }
                    double mu = sum / rows;
                    double squares = 0;
                    for (int r = 0; r < rows; r++) {
                        double d = x[r * width + c] - mu;
                        squares += d * d;
                    }
                    double biased = squares / rows;
                    double unbiased = rows > 1 ? squares / (rows - 1) : biased;
                    runningMean[c] = (1 - momentum) * runningMean[c] + momentum * mu;
                    runningVariance[c] = (1 - momentum) * runningVariance[c] + momentum * unbiased;
                    mean[c] = mu;
                    inverseStd[c] = 1.0 / Math.sqrt(biased + BatchNorm.DEFAULT_EPSILON);
                } else {
                    mean[c] = runningMean[c];
                    inverseStd[c] = 1.0 / Math.sqrt(runningVariance[c] + BatchNorm.DEFAULT_EPSILON);
                }
            }
            xhat = new double[rows * width];
            double[] y = new double[rows * width];
            for (int i = 0; i < y.length; i++) {
                int c = i % width;
                xhat[i] = (x[i] - mean[c]) * inverseStd[c];
                y[i] = gamma[c] * xhat[i] + beta[c];
            }
            return y;
        }

        double[] backward(double[] dy, int rows, boolean train, boolean regrouped) {
            gammaGradient = new double[width];
            betaGradient = new double[width];
            double[] dx = new double[rows * width];
            for (int c = 0; c < width; c++) {
                double sumDy = 0;
                double sumDyXhat = 0;
                for (int r = 0; r < rows; r++) {
                    sumDy += dy[r * width + c];
                    sumDyXhat += dy[r * width + c] * xhat[r * width + c];
                }
                gammaGradient[c] = sumDyXhat;
                betaGradient[c] = sumDy;
                for (int r = 0; r < rows; r++) {
                    int i = r * width + c;
                    if (!train) {
                        dx[i] = dy[i] * gamma[c] * inverseStd[c];
                    } else if (regrouped) {
                        dx[i] = gamma[c] * (inverseStd[c] * (dy[i] - sumDy / rows - xhat[i] * (sumDyXhat / rows)));
                    } else {
                        dx[i] = gamma[c] * inverseStd[c] * (dy[i] - sumDy / rows - xhat[i] * (sumDyXhat / rows));
                    }
                }
            }
            return dx;
        }
    }
}
