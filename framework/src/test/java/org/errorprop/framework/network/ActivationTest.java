package org.errorprop.framework.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ActivationTest {
    /** Inputs where a branch-free formula could go wrong: zero, the smallest subnormal, huge values, negatives. */
    private static final double[] EDGES = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, 1e-300, 0.25, 1.0, 1.5,
        3.0, 1e300, Double.MAX_VALUE, -1e-300, -0.5, -3.0, -Double.MAX_VALUE};

    @Test
    void theBulkLoopsAgreeWithTheScalarDefinitionsBitForBit() {
        java.util.Random random = new java.util.Random(3);
        double[] x = new double[EDGES.length + 200];
        System.arraycopy(EDGES, 0, x, 0, EDGES.length);
        for (int i = EDGES.length; i < x.length; i++) {
            x[i] = random.nextGaussian() * 4;
        }
        double[] upstream = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            upstream[i] = random.nextGaussian();
        }
        for (Activation activation : Activation.values()) {
            double[] y = new double[x.length];
            double[] dx = new double[x.length];
            activation.applyRange(x, y, 0, x.length);
            activation.multiplyByDerivative(y, upstream, dx, 0, x.length);
            for (int i = 0; i < x.length; i++) {
                double expectedY = activation.apply(x[i]);
                assertEquals(expectedY, y[i], 0.0, activation + " at " + x[i]);
                // a zero gradient may come out as -0.0 from the branch-free ReLU: compare values, not signs of zero
                assertEquals(upstream[i] * activation.derivativeFromOutput(expectedY), dx[i], 0.0,
                        activation + "' at " + x[i]);
            }
        }
    }

    @Test
    void reluHasDerivativeZeroAtZeroAndOneAtTheSmallestPositiveOutput() {
        double[] y = {0.0, Double.MIN_VALUE, 2.0};
        double[] dx = new double[3];
        Activation.RELU.multiplyByDerivative(y, new double[] {5.0, 5.0, 5.0}, dx, 0, 3);
        assertEquals(0.0, dx[0], 0.0);
        assertEquals(5.0, dx[1], 0.0);
        assertEquals(5.0, dx[2], 0.0);
    }

    @Test
    void onlyTheGivenRangeIsWritten() {
        double[] y = {7.0, 7.0, 7.0, 7.0};
        Activation.RELU.applyRange(new double[] {-1.0, -2.0, 3.0, 4.0}, y, 1, 3);
        assertEquals(7.0, y[0], 0.0);
        assertEquals(0.0, y[1], 0.0);
        assertEquals(3.0, y[2], 0.0);
        assertEquals(7.0, y[3], 0.0);
    }
}
