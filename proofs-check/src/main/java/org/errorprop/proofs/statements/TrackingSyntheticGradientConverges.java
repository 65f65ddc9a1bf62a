package org.errorprop.proofs.statements;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.ejml.dense.row.SingularOps_DDRM;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.proofs.Check;
import org.errorprop.proofs.Verdict;

/**
 * Proposition 2 (§4 "Convergence", proof in Supp. B; PAPER.md 2.4): if the SG ε-tracks the true gradient,
 * {@code ε·K ≤ ‖∂L/∂θ_<h‖·(1 − δ)/(1 + δ)} in every iteration, training converges to a critical point.
 * Checked on a least-squares problem split at {@code h}, with a random or adversarial SG error on the bound;
 * margin {@code log10(tol/‖∇L_N‖)}. The step, the budget, the tolerance and the breaches ({@link Breach}):
 * <a href="../../../../../../../../paper-notes/derivations/proposition-2.md">
 * paper-notes/derivations/proposition-2.md</a>.
 */
public final class TrackingSyntheticGradientConverges
        implements Check<TrackingSyntheticGradientConverges.Recipe> {

    private static final double EPSILON = 0x1p-52;
    private static final double TAU = Math.sqrt(EPSILON);
    private static final double DIVERGED = 1e100;

    /** Direction of the synthetic gradient's error. */
    public enum ErrorDirection {
        /** Uniform on the sphere of the allowed radius. */
        RANDOM,
        /** {@code −X·∂L/∂θ_<h}, normalised: the least favourable direction in the ε-ball. */
        ADVERSARIAL
    }

    /** How the hypothesis is broken, if it is. */
    public enum Breach {
        /** Inside the hypothesis. */
        NONE,
        /** {@code E = −(1 + γ)·∂L/∂h}: the lower module is told to climb. */
        REVERSED,
        /** The error keeps a fixed norm instead of shrinking with the gradient. */
        PERSISTENT
    }

    /**
     * @param seed            seed of the data, the start and the random errors
     * @param samples         {@code S}, in {@code [n + 2, 24]}
     * @param lowerInputs     {@code d}, the columns of {@code X} (size of each column of {@code θ_<h}), in [2, 5]
     * @param upperInputs     {@code q}, the columns of {@code Z}, in [1, 4]
     * @param outputs         {@code m}, in [1, 3]
     * @param conditionNumber {@code κ = λ_max/λ_min} of the Hessian, log-uniform in [1, 10]
     * @param delta           {@code δ}, in [0.2, 0.8]
     * @param errorFraction   {@code f}, the fraction of the allowed error, in [0.5, 1]
     * @param direction       direction of the error
     * @param breach          {@link Breach#NONE} inside the hypothesis
     * @param breachSize      {@code γ} for a breach (ignored for NONE)
     */
    public record Recipe(long seed, int samples, int lowerInputs, int upperInputs, int outputs,
                         double conditionNumber, double delta, double errorFraction, ErrorDirection direction,
                         Breach breach, double breachSize) {
        public Recipe {
            if (lowerInputs < 1 || upperInputs < 0 || outputs < 1 || samples < lowerInputs + upperInputs) {
                throw new IllegalArgumentException("need S ≥ d + q, d ≥ 1, m ≥ 1");
            }
            if (!(conditionNumber >= 1) || !(delta > 0 && delta < 1) || !(errorFraction >= 0 && errorFraction <= 1)) {
                throw new IllegalArgumentException("need κ ≥ 1, δ ∈ (0, 1), f ∈ [0, 1]");
            }
        }

        /** The same recipe with the hypothesis broken. */
        public Recipe breaking(Breach how, double size) {
            return new Recipe(seed, samples, lowerInputs, upperInputs, outputs, conditionNumber, delta,
                    errorFraction, direction, how, size);
        }
    }

    @Override
    public String id() {
        return "proposition-2";
    }

    @Override
    public String paperReference() {
        return "Proposition 2 (§4 Convergence; proof in Supp. B)";
    }

    @Override
    public String statement() {
        return "If the synthetic gradient at h epsilon-tracks the true gradient with eps*K <= |dL/dtheta_<h|"
                + " (1-delta)/(1+delta) in every iteration, K bounding |dh/dtheta_<h|, then training (lower part"
                + " on the synthetic gradient, upper part on the true one, small enough step) converges to a"
                + " critical point of the original problem.";
    }

    @Override
    public Recipe randomRecipe(RandomGenerator random) {
        int d = 2 + random.nextInt(4);
        int q = 1 + random.nextInt(4);
        int m = 1 + random.nextInt(3);
        int s = d + q + 2 + random.nextInt(Math.max(1, 24 - (d + q + 2) + 1));
        double kappa = Math.pow(10, random.nextDouble());
        double delta = 0.2 + 0.6 * random.nextDouble();
        double fraction = 0.5 + 0.5 * random.nextDouble();
        ErrorDirection direction = random.nextBoolean() ? ErrorDirection.RANDOM : ErrorDirection.ADVERSARIAL;
        return new Recipe(random.nextLong(), s, d, q, m, kappa, delta, fraction, direction, Breach.NONE, 0);
    }

    @Override
    public Verdict check(Recipe r) {
        RandomStreams streams = new RandomStreams(r.seed());
        int s = r.samples();
        int d = r.lowerInputs();
        int n = d + r.upperInputs();
        int m = r.outputs();
        DMatrixRMaj a = TrackingLinearAlgebra.withSingularValues(s, n, Math.sqrt(r.conditionNumber()),
                streams.startOf("data/design"));
        DMatrixRMaj x = CommonOps_DDRM.extract(a, 0, s, 0, d);
        DMatrixRMaj y = new DMatrixRMaj(s, m);
        DMatrixRMaj truth = RandomMatrices.gaussian(n, m, 1, streams.startOf("data/truth"));
        CommonOps_DDRM.mult(a, truth, y);
        CommonOps_DDRM.addEquals(y, RandomMatrices.gaussian(s, m, 0.5, streams.startOf("data/noise")));
        DMatrixRMaj theta = RandomMatrices.gaussian(n, m, 1, streams.startOf("init"));
        RandomGenerator noise = streams.startOf("sg-error");

        double[] sv = SingularOps_DDRM.singularValues(a);
        double sMax = 0;
        double sMin = Double.POSITIVE_INFINITY;
        for (double v : sv) {
            sMax = Math.max(sMax, v);
            sMin = Math.min(sMin, v);
        }
        double lambdaMax = sMax * sMax;
        double kappa = lambdaMax / (sMin * sMin);
        double k = NormOps_DDRM.normP2(x);
        double rho = (1 - r.delta()) / (1 + r.delta());
        double eta = (1 - rho) / (lambdaMax * (1 + rho) * (1 + rho));
        double rate = -Math.log1p(-r.delta() * r.delta() / kappa);
        long budget = Math.max(1, (long) Math.ceil(Math.log(kappa / (TAU * TAU)) / rate));

        DMatrixRMaj residual = new DMatrixRMaj(s, m);
        DMatrixRMaj gradient = new DMatrixRMaj(n, m);
        DMatrixRMaj lowerGradient = new DMatrixRMaj(d, m);
        DMatrixRMaj error = new DMatrixRMaj(s, m);
        DMatrixRMaj lowerError = new DMatrixRMaj(d, m);

        TrackingLinearAlgebra.residual(a, theta, y, residual);
        CommonOps_DDRM.multTransA(a, residual, gradient);
        double g0 = NormOps_DDRM.normF(gradient);
        CommonOps_DDRM.extract(gradient, 0, d, 0, m, lowerGradient, 0, 0);
        double persistentNorm = r.breachSize() * rho * NormOps_DDRM.normF(lowerGradient) / k;

        double gradientNorm = g0;
        double largestRatio = 0;
        long iterations = 0;
        while (iterations < budget) {
            CommonOps_DDRM.extract(gradient, 0, d, 0, m, lowerGradient, 0, 0);
            double lowerNorm = NormOps_DDRM.normF(lowerGradient);
            switch (r.breach()) {
                case REVERSED -> {
                    error.setTo(residual);
                    CommonOps_DDRM.scale(-(1 + r.breachSize()), error);
                }
                case PERSISTENT -> direction(r.direction(), x, lowerGradient, noise, persistentNorm, error);
                default -> direction(r.direction(), x, lowerGradient, noise,
                        r.errorFraction() * rho * lowerNorm / k, error);
            }
            if (lowerNorm > 0) {
                largestRatio = Math.max(largestRatio, k * NormOps_DDRM.normF(error) / (rho * lowerNorm));
            }
            // θ ← θ − η(∇L + (Xᵀ E; 0))
            CommonOps_DDRM.multTransA(x, error, lowerError);
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < m; j++) {
                    gradient.unsafe_set(i, j, gradient.unsafe_get(i, j) + lowerError.unsafe_get(i, j));
                }
            }
            CommonOps_DDRM.addEquals(theta, -eta, gradient);
            iterations++;
            TrackingLinearAlgebra.residual(a, theta, y, residual);
            CommonOps_DDRM.multTransA(a, residual, gradient);
            gradientNorm = NormOps_DDRM.normF(gradient);
            if (!(gradientNorm <= DIVERGED * g0)) {
                break;
            }
        }

        double floor = TrackingLinearAlgebra.gradientRoundingBound(a, theta, y);
        double tolerance = TAU * g0 + floor;
        double margin = Double.isFinite(gradientNorm) ? Math.log10(tolerance / gradientNorm)
                : Math.log10(tolerance / (DIVERGED * g0));
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("kappa", kappa);
        numbers.put("K = |X|_2", k);
        numbers.put("step eta", eta);
        numbers.put("iterations (budget " + budget + ")", (double) iterations);
        numbers.put("initial gradient norm", g0);
        numbers.put("final gradient norm", gradientNorm);
        numbers.put("tolerance", tolerance);
        numbers.put("rounding bound phi", floor);
        numbers.put("largest K|E|/(rho |dL/dtheta_<h|)", largestRatio);
        return Verdict.byMargin(margin, r, numbers);
    }

    /** {@code out = norm·u} with {@code u} a unit direction of the chosen kind. */
    private static void direction(ErrorDirection kind, DMatrixRMaj x, DMatrixRMaj lowerGradient,
                                  RandomGenerator noise, double norm, DMatrixRMaj out) {
        if (kind == ErrorDirection.ADVERSARIAL) {
            CommonOps_DDRM.mult(x, lowerGradient, out);
            double length = NormOps_DDRM.normF(out);
            if (length == 0) {
                out.zero();
                return;
            }
            CommonOps_DDRM.scale(-norm / length, out);
        } else {
            for (int i = 0; i < out.getNumElements(); i++) {
                out.data[i] = noise.nextGaussian();
            }
            CommonOps_DDRM.scale(norm / NormOps_DDRM.normF(out), out);
        }
    }
}
