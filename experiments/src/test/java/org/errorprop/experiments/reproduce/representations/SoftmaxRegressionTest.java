package org.errorprop.experiments.reproduce.representations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.random.RandomStreams;
import org.junit.jupiter.api.Test;

/**
 * The probe's objective against central differences. With step {@code h = 1e-5} the truncation error is
 * {@code O(h² f''')} ≈ 1e-10 and the rounding error {@code O(ε f / h)} ≈ 1e-11 for values of order 1,
 * so 1e-7 separates a right gradient from a wrong one by orders of magnitude.
 */
class SoftmaxRegressionTest {
    private static final double H = 1e-5;
    private static final double TOLERANCE = 1e-7;

    private static SoftmaxRegression problem(double l2) {
        RandomGenerator random = new RandomStreams(7).startOf("softmax");
        int n = 30;
        int d = 4;
        int k = 3;
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        DMatrixRMaj y = new DMatrixRMaj(n, k);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                x.set(r, c, random.nextGaussian());
            }
            y.set(r, random.nextInt(k), 1);
        }
        return new SoftmaxRegression(x, y, l2, Compute.sequential().blas());
    }

    private static double[] point(int size) {
        RandomGenerator random = new RandomStreams(8).startOf("theta");
        double[] theta = new double[size];
        for (int i = 0; i < size; i++) {
            theta[i] = random.nextGaussian();
        }
        return theta;
    }

    /** The largest gap between {@code analytic} and central differences of {@code numeric}. */
    private static double largestGap(SoftmaxRegression analytic, SoftmaxRegression numeric, double[] theta) {
        double[] gradient = new double[theta.length];
        analytic.valueAndGradient(theta, gradient);
        double[] ignored = new double[theta.length];
        double largest = 0;
        for (int i = 0; i < theta.length; i++) {
            double[] plus = theta.clone();
            double[] minus = theta.clone();
            plus[i] += H;
            minus[i] -= H;
            double difference = (numeric.valueAndGradient(plus, ignored) - numeric.valueAndGradient(minus, ignored))
                    / (2 * H);
            largest = Math.max(largest, Math.abs(difference - gradient[i]));
        }
        return largest;
    }

    @Test
    void theGradientIsTheDerivativeOfTheValue() {
        SoftmaxRegression objective = problem(0.3);
        double[] theta = point(objective.parameters());
        assertTrue(largestGap(objective, objective, theta) < TOLERANCE);
    }

    @Test
    void theCheckCatchesAGradientWithoutItsPenalty() {
        // the same data without the penalty's λW term: the check must see the difference (about 0.3 |θ|)
        double[] theta = point(problem(0.3).parameters());
        assertTrue(largestGap(problem(0.0), problem(0.3), theta) > 1e3 * TOLERANCE);
    }

    @Test
    void atZeroWeightsTheLossIsLogOfTheClassCount() {
        SoftmaxRegression objective = problem(0.3);
        double[] zero = new double[objective.parameters()];
        assertEquals(Math.log(3), objective.valueAndGradient(zero, new double[zero.length]), 1e-12);
    }
}
