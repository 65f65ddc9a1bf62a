package org.errorprop.framework.optim;

import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.testing.Matrices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The three update rules against hand computations. Where the hand computation uses dyadic numbers
 * with few significant bits, every operation is exact and results are compared exactly; elsewhere the
 * tolerance is stated where it is used.
 */
class OptimizerTest {
    private static final Compute COMPUTE = Compute.sequential();


    private static Parameter parameter(String name, boolean decays, double[] value, double[] gradient) {
        Parameter p = Parameter.zeros(name, 1, value.length, decays);
        System.arraycopy(value, 0, p.value().data, 0, value.length);
        System.arraycopy(gradient, 0, p.gradient().data, 0, gradient.length);
        return p;
    }

    private static void setGradient(Parameter p, double... gradient) {
        System.arraycopy(gradient, 0, p.gradient().data, 0, gradient.length);
    }

    // ---------------------------------------------------------------- SGD

    @Test
    void sgdStepIsThetaMinusLearningRateTimesGradientPlusDecay() {
        // Random values: the test evaluates θ − η(g + λθ) in the same order as the rule, so equality is exact.
        SplittableRandom random = new SplittableRandom(1);
        double lr = 0.05;
        double l2 = 0.003;
        Parameter w = Parameter.zeros("w", 3, 4, true);
        Parameter b = Parameter.zeros("b", 1, 4, false);
        for (Parameter p : List.of(w, b)) {
            Matrices.fill(p.value(), -2, 2, random);
            Matrices.fill(p.gradient(), -1, 1, random);
        }
        DMatrixRMaj w0 = w.value().copy();
        DMatrixRMaj b0 = b.value().copy();
        DMatrixRMaj gw = w.gradient().copy();
        DMatrixRMaj gb = b.gradient().copy();
        new Sgd(lr, l2).attach(List.of(w, b), COMPUTE).step();
        for (int i = 0; i < w0.getNumElements(); i++) {
            assertEquals(w0.data[i] - lr * (gw.data[i] + l2 * w0.data[i]), w.value().data[i], 0.0);
        }
        for (int i = 0; i < b0.getNumElements(); i++) {
            assertEquals(b0.data[i] - lr * gb.data[i], b.value().data[i], 0.0);
        }
        // the update reads the gradients and leaves them alone
        assertArrayEquals(gw.data, w.gradient().data, 0.0);
        assertArrayEquals(gb.data, b.gradient().data, 0.0);
    }

    @Test
    void sgdByHand() {
        Parameter w = parameter("w", true, new double[] {1.0, -2.0}, new double[] {0.5, 0.25});
        Parameter b = parameter("b", false, new double[] {3.0}, new double[] {1.0});
        new Sgd(0.5, 0.125).attach(List.of(w, b), COMPUTE).step();
        // w: 1 − 0.5(0.5 + 0.125) = 0.6875; −2 − 0.5(0.25 − 0.25) = −2.   b: 3 − 0.5·1 = 2.5 (no decay)
        assertArrayEquals(new double[] {0.6875, -2.0}, w.value().data, 0.0);
        assertArrayEquals(new double[] {2.5}, b.value().data, 0.0);
    }

    // ---------------------------------------------------------------- Momentum

    @Test
    void momentumTwoStepsByHand() {
        Parameter w = parameter("w", true, new double[] {1.0, -2.0}, new double[] {0.5, 0.25});
        Parameter b = parameter("b", false, new double[] {3.0}, new double[] {1.0});
        Optimizer momentum = new Momentum(0.5, 0.75, 0.125).attach(List.of(w, b), COMPUTE);
        momentum.step();
        // v1 = g1 + λθ0 = (0.625, 0);  θ1 = θ0 − η v1 = (0.6875, −2).   b: v1 = 1, θ1 = 2.5
        assertArrayEquals(new double[] {0.6875, -2.0}, w.value().data, 0.0);
        assertArrayEquals(new double[] {2.5}, b.value().data, 0.0);
        setGradient(w, -1.0, 0.5);
        setGradient(b, 1.0);
        momentum.step();
        // v2 = μ v1 + g2 + λθ1 = (0.46875 − 1 + 0.0859375, 0 + 0.5 − 0.25) = (−0.4453125, 0.25)
        // θ2 = θ1 − η v2 = (0.91015625, −2.125).   b: v2 = 0.75 + 1 = 1.75, θ2 = 2.5 − 0.875 = 1.625
        assertArrayEquals(new double[] {0.91015625, -2.125}, w.value().data, 0.0);
        assertArrayEquals(new double[] {1.625}, b.value().data, 0.0);
    }

    @Test
    void momentumZeroIsSgd() {
        SplittableRandom random = new SplittableRandom(2);
        Parameter a = Parameter.zeros("a", 2, 3, true);
        Matrices.fill(a.value(), -1, 1, random);
        Parameter c = new Parameter("c", a.value().copy(), a.gradient().copy(), true);
        Optimizer momentum = new Momentum(0.1, 0.0, 0.01).attach(List.of(a), COMPUTE);
        Optimizer sgd = new Sgd(0.1, 0.01).attach(List.of(c), COMPUTE);
        for (int step = 0; step < 3; step++) {
            Matrices.fill(a.gradient(), -1, 1, random);
            c.gradient().setTo(a.gradient());
            momentum.step();
            sgd.step();
            // v = 0·v + g + λθ is exactly g + λθ (0·v = 0 for finite v), so the two rules agree exactly.
            assertArrayEquals(c.value().data, a.value().data, 0.0);
        }
    }

    // ---------------------------------------------------------------- Adam

    @Test
    void adamFirstStepMovesEveryCoordinateByTheLearningRate() {
        // After one step m̂ = g and v̂ = g², so Δθ = −η g/(|g| + ε) = −η sign(g) (1 − ε/|g| + …): bias
        // correction makes the first step η per coordinate whatever |g| is. Without it the step would
        // be η(1−β₁)/√(1−β₂) ≈ 3.16 η. Tolerance: η ε/|g| (the ε term) plus rounding of
        // θ − step, at most one ulp of θ, plus a few roundings in the step, ≤ 8·2⁻⁵³·η.
        double lr = 1e-3;
        double[] gradients = {1e-3, -2e-3, 0.5, -3.0, 40.0, -1e3, 7e-2};
        double[] values = {0.3, -1.2, 0.0, 2.0, -0.7, 1.0, 5.0};
        Parameter p = parameter("p", false, values, gradients);
        Adam spec = Adam.withLearningRate(lr);
        spec.attach(List.of(p), COMPUTE).step();
        for (int i = 0; i < values.length; i++) {
            double moved = p.value().data[i] - values[i];
            double expected = -lr * Math.signum(gradients[i]);
            double tolerance = lr * spec.epsilon() / Math.abs(gradients[i]) + Math.ulp(values[i]) + Math.ulp(lr) * 8;
            assertEquals(expected, moved, tolerance, "coordinate " + i);
        }
    }

    @Test
    void adamThreeStepsMatchTheTextbookFormula() {
        // Textbook order: m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ), θ ← θ − η m̂/(√v̂ + ε). The rule computes the same
        // quantity as (η/(1−β₁ᵗ))·m/(√v·(1/√(1−β₂ᵗ)) + ε), PyTorch's order; the two orders round
        // differently, by at most ~10 roundings of the step (≤ 10·2⁻⁵³·η relative), and the final
        // subtraction θ − step may then round to neighbouring doubles: ≤ 1 ulp(θ) per step. Over 3
        // steps (the L2 term feeds such a difference back only scaled by λη ≪ 1):
        // |θ_rule − θ_textbook| ≤ 3·(ulp(θ) + 10·2⁻⁵³·η) ≤ 4·ulp(max(1, |θ|)) for η ≤ 1.
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double l2 = 0.05;
        SplittableRandom random = new SplittableRandom(3);
        Parameter w = Parameter.zeros("w", 2, 3, true);
        Parameter b = Parameter.zeros("b", 1, 3, false);
        Matrices.fill(w.value(), -1, 1, random);
        Matrices.fill(b.value(), -1, 1, random);
        Optimizer adam = new Adam(lr, b1, b2, eps, l2).attach(List.of(w, b), COMPUTE);

        List<Parameter> parameters = List.of(w, b);
        double[][] theta = {w.value().data.clone(), b.value().data.clone()};
        double[][] m = {new double[6], new double[3]};
        double[][] v = {new double[6], new double[3]};
        for (int t = 1; t <= 3; t++) {
            for (int j = 0; j < 2; j++) {
                Parameter p = parameters.get(j);
                Matrices.fill(p.gradient(), -1, 1, random);
                double decay = p.decays() ? l2 : 0.0;
                for (int i = 0; i < theta[j].length; i++) {
                    double g = p.gradient().data[i] + decay * theta[j][i];
                    m[j][i] = b1 * m[j][i] + (1 - b1) * g;
                    v[j][i] = b2 * v[j][i] + (1 - b2) * g * g;
                    double mHat = m[j][i] / (1 - Math.pow(b1, t));
                    double vHat = v[j][i] / (1 - Math.pow(b2, t));
                    theta[j][i] -= lr * mHat / (Math.sqrt(vHat) + eps);
                }
            }
            adam.step();
            for (int j = 0; j < 2; j++) {
                for (int i = 0; i < theta[j].length; i++) {
                    double actual = parameters.get(j).value().data[i];
                    assertEquals(theta[j][i], actual, 4 * Math.ulp(Math.max(1.0, Math.abs(theta[j][i]))),
                            parameters.get(j).name() + "[" + i + "] after step " + t);
                }
            }
        }
    }

    // ---------------------------------------------------------------- L2 only where it belongs

    @Test
    void l2PenaltyAppliesOnlyToDecayingParameters() {
        for (OptimizerSpec spec : List.of(new Sgd(0.1, 0.5), new Momentum(0.1, 0.9, 0.5),
                new Adam(0.1, 0.9, 0.999, 1e-8, 0.5))) {
            Parameter weight = parameter("w", true, new double[] {2.0, -3.0}, new double[] {0.0, 0.0});
            Parameter bias = parameter("b", false, new double[] {2.0, -3.0}, new double[] {0.0, 0.0});
            Optimizer optimizer = spec.attach(List.of(weight, bias), COMPUTE);
            for (int step = 0; step < 3; step++) {
                optimizer.step();
            }
            // zero gradient: only the penalty moves anything, and only the weight, towards zero
            assertArrayEquals(new double[] {2.0, -3.0}, bias.value().data, 0.0, spec.describe());
            assertTrue(weight.value().data[0] < 2.0 && weight.value().data[0] > 0, spec.describe());
            assertTrue(weight.value().data[1] > -3.0 && weight.value().data[1] < 0, spec.describe());
        }
    }

    @Test
    void noPenaltyMeansDecayingParametersFollowTheGradientOnly() {
        Parameter weight = parameter("w", true, new double[] {2.0}, new double[] {0.5});
        Parameter plain = parameter("b", false, new double[] {2.0}, new double[] {0.5});
        new Sgd(0.25, 0.0).attach(List.of(weight, plain), COMPUTE).step();
        assertEquals(plain.value().data[0], weight.value().data[0], 0.0);
        assertEquals(1.875, weight.value().data[0], 0.0);
    }

    // ---------------------------------------------------------------- validation

    /**
     * A learning-rate factor scales the first update of every rule: from the same state, {@code step(0.25)}
     * moves each coordinate by a quarter of what {@code step()} moves it (to a few ulps: one extra rounded
     * product per coordinate, so a relative tolerance of 8ε). The factor 1 is {@code step()} bit for bit;
     * the test for the test: the full step is not the quarter step.
     */
    @Test
    void aLearningRateFactorScalesTheUpdate() {
        java.util.List<OptimizerSpec> rules = java.util.List.of(new Sgd(0.1, 0.0), new Momentum(0.1, 0.9, 0.0),
                Adam.withLearningRate(0.1));
        for (OptimizerSpec rule : rules) {
            Parameter full = parameter("w", false, new double[] {1.0, -2.0, 0.5}, new double[] {0.3, -0.7, 2.0});
            Parameter quarter = parameter("w", false, new double[] {1.0, -2.0, 0.5}, new double[] {0.3, -0.7, 2.0});
            Parameter one = parameter("w", false, new double[] {1.0, -2.0, 0.5}, new double[] {0.3, -0.7, 2.0});
            rule.attach(java.util.List.of(full), COMPUTE).step();
            rule.attach(java.util.List.of(quarter), COMPUTE).step(0.25);
            rule.attach(java.util.List.of(one), COMPUTE).step(1.0);
            double[] start = {1.0, -2.0, 0.5};
            for (int i = 0; i < 3; i++) {
                double fullMove = full.value().data[i] - start[i];
                double quarterMove = quarter.value().data[i] - start[i];
                assertEquals(fullMove / 4, quarterMove, 8 * Math.ulp(Math.abs(fullMove)) + 8 * Math.ulp(start[i]),
                        rule.describe() + " coordinate " + i);
                assertTrue(Math.abs(fullMove - quarterMove) > 0.5 * Math.abs(fullMove),
                        "the quarter step is not the full step");
            }
            assertArrayEquals(full.value().data, one.value().data, 0.0, rule.describe());
        }
    }

    private static void invalid(Executable construction) {
        assertThrows(InvalidInputException.class, construction);
    }

    @Test
    void invalidHyperParametersThrowInvalidInputException() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        for (double lr : new double[] {0.0, -0.1, nan, inf, -inf}) {
            invalid(() -> new Sgd(lr, 0));
            invalid(() -> new Momentum(lr, 0.9, 0));
            invalid(() -> new Adam(lr, 0.9, 0.999, 1e-8, 0));
        }
        for (double l2 : new double[] {-1e-9, nan, inf}) {
            invalid(() -> new Sgd(0.1, l2));
            invalid(() -> new Momentum(0.1, 0.9, l2));
            invalid(() -> new Adam(0.1, 0.9, 0.999, 1e-8, l2));
        }
        for (double mu : new double[] {1.0, -0.1, 1.5, nan}) {
            invalid(() -> new Momentum(0.1, mu, 0));
        }
        for (double beta : new double[] {1.0, -0.1, nan}) {
            invalid(() -> new Adam(0.1, beta, 0.999, 1e-8, 0));
            invalid(() -> new Adam(0.1, 0.9, beta, 1e-8, 0));
        }
        for (double eps : new double[] {0.0, -1e-8, nan}) {
            invalid(() -> new Adam(0.1, 0.9, 0.999, eps, 0));
        }
        // the edges that are allowed
        assertDoesNotThrow(() -> new Sgd(1e-12, 0));
        assertDoesNotThrow(() -> new Momentum(0.1, 0.0, 0));
        assertDoesNotThrow(() -> new Adam(0.1, 0.0, 0.0, 1e-300, 0));
    }

    @Test
    void descriptionsUseADecimalPointWhateverTheLocale() {
        // surefire runs with a German default locale, where "%s" of a double stays "0.1" but "%f" would not.
        assertEquals("sgd(lr=0.1, l2=0.0)", new Sgd(0.1, 0).describe());
        assertTrue(new Momentum(0.05, 0.9, 1e-4).describe().startsWith("momentum(lr=0.05, mu=0.9"));
        assertTrue(Adam.withLearningRate(0.001).describe().startsWith("adam(lr=0.001, beta1=0.9, beta2=0.999"));
    }
}
