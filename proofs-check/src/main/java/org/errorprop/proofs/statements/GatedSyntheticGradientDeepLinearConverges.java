package org.errorprop.proofs.statements;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.NormOps_DDRM;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.proofs.Check;
import org.errorprop.proofs.Verdict;

/**
 * Corollary 1 (§4, proof in Supp. B; PAPER.md 2.5): a deep linear model trained with MSE and a linear SG
 * between two hidden layers converges to a critical point for suitably chosen learning rates. The lower
 * layer's rate is gated on condition (2) (our reading of the garbled µ), the SG is trained by line search,
 * and the budget is measured against backprop on the same problem. The model, one iteration, the reading
 * of µ, the tolerance, the budget, the margin and the breaches:
 * <a href="../../../../../../../../paper-notes/derivations/corollary-1.md">paper-notes/derivations/corollary-1.md</a>.
 */
public final class GatedSyntheticGradientDeepLinearConverges
        implements Check<GatedSyntheticGradientDeepLinearConverges.Recipe> {

    private static final double EPSILON = 0x1p-52;
    private static final double TAU = Math.sqrt(EPSILON);
    private static final int BACKPROP_CAP = 20000;
    private static final double ARMIJO = 1e-4;
    private static final int MAX_HALVINGS = 60;
    private static final double DIVERGED = 1e100;

    /**
     * @param seed          seed of the data, the start and the frozen SG
     * @param samples       {@code S}, {@code max(d, h1 + m + 1) + [4, 12]}
     * @param inputs        {@code d}, in {@code [h1 + 1, 4]}
     * @param hidden1       width of {@code h1}, in [2, 3]
     * @param hidden2       width of {@code h2}, in {@code [h1, 4]}
     * @param outputs       {@code m}, in {@code [h1, 3]}
     * @param labelNoise    norm of the label noise relative to {@code ‖X W*‖}, in [0.5, 1]
     * @param sgStepFraction {@code f_ν}, the SG's step as a fraction of its exact line-search step, in [0.5, 1]
     * @param gated         whether condition (2) gates µ (true inside the hypothesis)
     * @param fixedStep     0 for the line search (inside the hypothesis); otherwise a fixed ε
     * @param frozenWrongSg whether the SG is frozen at random wrong parameters (false inside the hypothesis)
     */
    public record Recipe(long seed, int samples, int inputs, int hidden1, int hidden2, int outputs,
                         double labelNoise, double sgStepFraction, boolean gated, double fixedStep,
                         boolean frozenWrongSg) {
        public Recipe {
            if (samples < 2 || inputs < 1 || hidden1 < 1 || hidden2 < 1 || outputs < 1) {
                throw new IllegalArgumentException("sizes must be positive");
            }
            if (!(sgStepFraction > 0 && sgStepFraction <= 1) || !(fixedStep >= 0) || !(labelNoise >= 0)) {
                throw new IllegalArgumentException("need f_ν ∈ (0, 1], fixedStep ≥ 0, labelNoise ≥ 0");
            }
        }

        /** The same problem with condition (2) ignored, a fixed step and/or a frozen wrong SG. */
        public Recipe breaking(boolean gate, double step, boolean frozenWrong) {
            return new Recipe(seed, samples, inputs, hidden1, hidden2, outputs, labelNoise, sgStepFraction, gate,
                    step, frozenWrong);
        }
    }

    @Override
    public String id() {
        return "corollary-1";
    }

    @Override
    public String paperReference() {
        return "Corollary 1 (§4; proof in Supp. B)";
    }

    @Override
    public String statement() {
        return "A deep linear model with MSE and a linear SG hA + yB + C between two hidden layers, trained with"
                + " main learning rate mu = eps (line search) while |e| |dh/dtheta_<h| < |dL/dtheta_<h|/3 and"
                + " mu = 0 otherwise (SG trained with its own rate nu), converges to a critical point of the"
                + " original problem.";
    }

    @Override
    public Recipe randomRecipe(RandomGenerator random) {
        int hidden1 = 2 + random.nextInt(2);
        int inputs = hidden1 + 1 + random.nextInt(4 - hidden1);
        int outputs = hidden1 + random.nextInt(4 - hidden1);
        int hidden2 = hidden1 + random.nextInt(5 - hidden1);
        int samples = Math.max(inputs, hidden1 + outputs + 1) + 4 + random.nextInt(9);
        double noise = 0.5 + 0.5 * random.nextDouble();
        double fraction = 0.5 + 0.5 * random.nextDouble();
        return new Recipe(random.nextLong(), samples, inputs, hidden1, hidden2, outputs, noise, fraction, true, 0,
                false);
    }

    @Override
    public Verdict check(Recipe r) {
        Problem problem = new Problem(r);
        Run backprop = problem.train(true, true, 0, false, BACKPROP_CAP);
        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("K = |X|_2", problem.k);
        numbers.put("initial gradient norm", problem.initialGradientNorm);
        numbers.put("tolerance", problem.tolerance);
        numbers.put("backprop iterations", (double) backprop.iterations);
        if (!backprop.converged) {
            numbers.put("backprop final gradient norm", backprop.finalGradientNorm);
            return Verdict.byMargin(-1, r, numbers);
        }
        long budget = 10L * backprop.iterations + 100;
        Run sg = problem.train(false, r.gated(), r.fixedStep(), r.frozenWrongSg(), budget);
        numbers.put("budget", (double) budget);
        numbers.put("iterations", (double) sg.iterations);
        numbers.put("iterations with mu = 0", (double) sg.gatedIterations);
        numbers.put("final gradient norm", sg.finalGradientNorm);
        numbers.put("final |dL/dW1|", sg.finalLowerGradientNorm);
        numbers.put("final SG error |e|", sg.finalSgError);
        numbers.put("final loss", sg.finalLoss);
        numbers.put("backprop final loss", backprop.finalLoss);
        numbers.put("rounding bound of the final gradient", sg.roundingBound);
        numbers.put("condition number of the SG regression at the end", sg.featureCondition);
        double margin;
        if (sg.converged) {
            margin = Verdict.belowMargin(sg.iterations, budget);
            if (!(margin > 0)) {
                margin = Double.MIN_VALUE;
            }
        } else {
            double g = Double.isFinite(sg.finalGradientNorm) ? sg.finalGradientNorm : DIVERGED;
            margin = Math.min(-Double.MIN_VALUE, Math.log10(problem.tolerance / g));
        }
        return Verdict.byMargin(margin, r, numbers);
    }

    /** What a training run ended with. */
    private record Run(boolean converged, long iterations, long gatedIterations, double finalGradientNorm,
                       double finalLowerGradientNorm, double finalSgError, double finalLoss, double roundingBound,
                       double featureCondition) {
    }

    /** The data, the start, the frozen SG, and the training loop. */
    private static final class Problem {
        final Recipe recipe;
        final DMatrixRMaj x;
        final DMatrixRMaj y;
        final DMatrixRMaj[] start;
        final DMatrixRMaj frozenSg;
        final double k;
        final double initialGradientNorm;
        final double tolerance;

        Problem(Recipe r) {
            this.recipe = r;
            RandomStreams streams = new RandomStreams(r.seed());
            x = TrackingLinearAlgebra.withSingularValues(r.samples(), r.inputs(), 2, streams.startOf("data/x"));
            // A target of rank h1: the bottleneck can represent it exactly, so the optimum is the least-squares fit.
            DMatrixRMaj left = TrackingLinearAlgebra.withSingularValues(r.inputs(), r.hidden1(), 2,
                    streams.startOf("data/truth-left"));
            DMatrixRMaj right = TrackingLinearAlgebra.semiOrthogonal(r.hidden1(), r.outputs(),
                    streams.startOf("data/truth-right"));
            DMatrixRMaj truth = new DMatrixRMaj(r.inputs(), r.outputs());
            CommonOps_DDRM.mult(left, right, truth);
            y = new DMatrixRMaj(r.samples(), r.outputs());
            CommonOps_DDRM.mult(x, truth, y);
            DMatrixRMaj noise = TrackingLinearAlgebra.orthogonalComplementNoise(x, r.outputs(),
                    streams.startOf("data/noise"));
            CommonOps_DDRM.scale(r.labelNoise() * NormOps_DDRM.normF(y) / NormOps_DDRM.normF(noise), noise);
            CommonOps_DDRM.addEquals(y, noise);
            start = new DMatrixRMaj[] {
                TrackingLinearAlgebra.semiOrthogonal(r.inputs(), r.hidden1(), streams.startOf("init/W1")),
                TrackingLinearAlgebra.semiOrthogonal(r.hidden1(), r.hidden2(), streams.startOf("init/W2")),
                TrackingLinearAlgebra.semiOrthogonal(r.hidden2(), r.outputs(), streams.startOf("init/W3")),
            };
            frozenSg = RandomMatrices.gaussian(r.hidden1() + r.outputs() + 1, r.hidden1(), 1,
                    streams.startOf("frozen-sg"));
            k = NormOps_DDRM.normP2(x);
            State s = new State(this, start);
            s.forward();
            s.backward();
            initialGradientNorm = s.gradientNorm();
            tolerance = TAU * initialGradientNorm;
        }

        /**
         * Trains from the start. {@code trueGradient}: the lower layer gets {@code ∂L/∂h1} itself
         * (backprop); otherwise the SG's output.
         */
        Run train(boolean trueGradient, boolean gated, double fixedStep, boolean frozen, long budget) {
            State s = new State(this, start);
            int widthSg = recipe.hidden1() + recipe.outputs() + 1;
            DMatrixRMaj theta = frozen ? frozenSg.copy() : new DMatrixRMaj(widthSg, recipe.hidden1());
            DMatrixRMaj f = new DMatrixRMaj(recipe.samples(), widthSg);
            DMatrixRMaj sg = new DMatrixRMaj(recipe.samples(), recipe.hidden1());
            DMatrixRMaj sgResidual = new DMatrixRMaj(recipe.samples(), recipe.hidden1());
            DMatrixRMaj sgGradient = new DMatrixRMaj(widthSg, recipe.hidden1());
            DMatrixRMaj fTimesGradient = new DMatrixRMaj(recipe.samples(), recipe.hidden1());
            DMatrixRMaj lowerUpdate = new DMatrixRMaj(recipe.inputs(), recipe.hidden1());
            s.forward();
            s.backward();
            double step = 1;
            long iterations = 0;
            long gatedIterations = 0;
            double sgError = 0;
            double gradientNorm = s.gradientNorm();
            while (gradientNorm > tolerance && iterations < budget) {
                if (trueGradient) {
                    sg.setTo(s.gh1);
                    sgError = 0;
                } else {
                    features(s.h1, y, f);
                    if (!frozen) {
                        CommonOps_DDRM.mult(f, theta, sgResidual);
                        CommonOps_DDRM.subtractEquals(sgResidual, s.gh1);
                        CommonOps_DDRM.multTransA(f, sgResidual, sgGradient);
                        CommonOps_DDRM.scale(2, sgGradient);
                        CommonOps_DDRM.mult(f, sgGradient, fTimesGradient);
                        double num = NormOps_DDRM.normF(sgGradient);
                        double den = NormOps_DDRM.normF(fTimesGradient);
                        if (den > 0) {
                            double nu = recipe.sgStepFraction() * num * num / (2 * den * den);
                            CommonOps_DDRM.addEquals(theta, -nu, sgGradient);
                        }
                    }
                    CommonOps_DDRM.mult(f, theta, sg);
                    CommonOps_DDRM.subtract(sg, s.gh1, sgResidual);
                    sgError = NormOps_DDRM.normF(sgResidual);
                }
                iterations++;
                boolean condition = sgError * k < NormOps_DDRM.normF(s.gw[0]) / 3;
                boolean lowerMoves = !gated || condition;
                if (lowerMoves) {
                    CommonOps_DDRM.multTransA(x, sg, lowerUpdate);
                } else {
                    lowerUpdate.zero();
                    gatedIterations++;
                }
                DMatrixRMaj[] direction = {lowerUpdate, s.gw[1], s.gw[2]};
                double used;
                if (fixedStep > 0) {
                    used = fixedStep;
                } else {
                    used = s.armijo(direction, Math.min(s.curvatureStepCap(k), 2 * step));
                    if (used > 0) {
                        step = used;
                    }
                }
                if (used == 0) {
                    if (lowerMoves) {
                        gatedIterations++;
                    }
                    continue;
                }
                s.step(direction, used);
                s.forward();
                s.backward();
                gradientNorm = s.gradientNorm();
                if (!(gradientNorm <= DIVERGED * initialGradientNorm)) {
                    break;
                }
            }
            return new Run(gradientNorm <= tolerance, iterations, gatedIterations, gradientNorm,
                    NormOps_DDRM.normF(s.gw[0]), sgError, s.loss(), s.roundingBound(), featureCondition(s.h1));
        }

        /**
         * {@code σ_max²/σ_min²} of {@code F = [h1 | Y | 1]} over its singular values above
         * {@code ε·σ_max·max(rows, cols)} (the numerical rank): the condition number of the SG's regression
         * on the subspace where it acts, which sets its steepest-descent rate (Kantorovich).
         */
        double featureCondition(DMatrixRMaj h1) {
            DMatrixRMaj f = new DMatrixRMaj(h1.numRows, h1.numCols + y.numCols + 1);
            features(h1, y, f);
            double[] sv = org.ejml.dense.row.SingularOps_DDRM.singularValues(f);
            double max = 0;
            for (double v : sv) {
                max = Math.max(max, v);
            }
            double min = Double.POSITIVE_INFINITY;
            for (double v : sv) {
                if (v > EPSILON * max * Math.max(f.numRows, f.numCols)) {
                    min = Math.min(min, v);
                }
            }
            return (max / min) * (max / min);
        }

        private static void features(DMatrixRMaj h1, DMatrixRMaj y, DMatrixRMaj f) {
            int a = h1.numCols;
            int b = y.numCols;
            for (int i = 0; i < f.numRows; i++) {
                for (int j = 0; j < a; j++) {
                    f.unsafe_set(i, j, h1.unsafe_get(i, j));
                }
                for (int j = 0; j < b; j++) {
                    f.unsafe_set(i, a + j, y.unsafe_get(i, j));
                }
                f.unsafe_set(i, a + b, 1);
            }
        }
    }

    /** Parameters, activations and gradients of the deep linear model. */
    private static final class State {
        final Problem problem;
        final DMatrixRMaj[] w;
        final DMatrixRMaj[] gw;
        final DMatrixRMaj h1;
        final DMatrixRMaj h2;
        final DMatrixRMaj p;
        final DMatrixRMaj gp;
        final DMatrixRMaj gh2;
        final DMatrixRMaj gh1;
        final DMatrixRMaj xd1;
        final DMatrixRMaj h1d2;
        final DMatrixRMaj xd1w2;
        final DMatrixRMaj xd1d2;
        final DMatrixRMaj sum2;
        final DMatrixRMaj c1;
        final DMatrixRMaj c2;
        final DMatrixRMaj c3;

        State(Problem problem, DMatrixRMaj[] start) {
            this.problem = problem;
            w = new DMatrixRMaj[start.length];
            gw = new DMatrixRMaj[start.length];
            for (int i = 0; i < start.length; i++) {
                w[i] = start[i].copy();
                gw[i] = new DMatrixRMaj(start[i].numRows, start[i].numCols);
            }
            int s = problem.x.numRows;
            h1 = new DMatrixRMaj(s, w[0].numCols);
            h2 = new DMatrixRMaj(s, w[1].numCols);
            p = new DMatrixRMaj(s, w[2].numCols);
            gp = new DMatrixRMaj(s, w[2].numCols);
            gh2 = new DMatrixRMaj(s, w[1].numCols);
            gh1 = new DMatrixRMaj(s, w[0].numCols);
            xd1 = h1.createLike();
            h1d2 = h2.createLike();
            xd1w2 = h2.createLike();
            xd1d2 = h2.createLike();
            sum2 = h2.createLike();
            c1 = p.createLike();
            c2 = p.createLike();
            c3 = p.createLike();
        }

        void forward() {
            CommonOps_DDRM.mult(problem.x, w[0], h1);
            CommonOps_DDRM.mult(h1, w[1], h2);
            CommonOps_DDRM.mult(h2, w[2], p);
        }

        void backward() {
            CommonOps_DDRM.subtract(p, problem.y, gp);
            CommonOps_DDRM.multTransA(h2, gp, gw[2]);
            CommonOps_DDRM.multTransB(gp, w[2], gh2);
            CommonOps_DDRM.multTransA(h1, gh2, gw[1]);
            CommonOps_DDRM.multTransB(gh2, w[1], gh1);
            CommonOps_DDRM.multTransA(problem.x, gh1, gw[0]);
        }

        double gradientNorm() {
            double sum = 0;
            for (DMatrixRMaj g : gw) {
                double n = NormOps_DDRM.normF(g);
                sum += n * n;
            }
            return Math.sqrt(sum);
        }

        /**
         * {@code (S + d + h1 + 2·h2 + m + 1)·ε·‖∇_abs‖}: the forward and backward pass repeated on
         * {@code |X|, |Y|, |W_i|} (with {@code |P| + |Y|} for the output error) bounds every product's terms.
         * The longest chain, {@code ∂L/∂W1 = Xᵀ((XW1W2W3 − Y)W3ᵀW2ᵀ)}, has inner lengths
         * {@code d + h1 + h2 + m + h2 + S}; with the one subtraction, Higham's bound for a product of
         * matrices gives the factor {@code γ_n ≈ n·u ≤ n·ε} to first order.
         */
        double roundingBound() {
            DMatrixRMaj ax = problem.x.copy();
            CommonOps_DDRM.abs(ax);
            DMatrixRMaj[] aw = new DMatrixRMaj[w.length];
            for (int i = 0; i < w.length; i++) {
                aw[i] = w[i].copy();
                CommonOps_DDRM.abs(aw[i]);
            }
            DMatrixRMaj a1 = h1.createLike();
            DMatrixRMaj a2 = h2.createLike();
            DMatrixRMaj ap = p.createLike();
            CommonOps_DDRM.mult(ax, aw[0], a1);
            CommonOps_DDRM.mult(a1, aw[1], a2);
            CommonOps_DDRM.mult(a2, aw[2], ap);
            for (int i = 0; i < ap.getNumElements(); i++) {
                ap.data[i] += Math.abs(problem.y.data[i]);
            }
            DMatrixRMaj g3 = gw[2].createLike();
            DMatrixRMaj ag2 = gh2.createLike();
            DMatrixRMaj g2 = gw[1].createLike();
            DMatrixRMaj ag1 = gh1.createLike();
            DMatrixRMaj g1 = gw[0].createLike();
            CommonOps_DDRM.multTransA(a2, ap, g3);
            CommonOps_DDRM.multTransB(ap, aw[2], ag2);
            CommonOps_DDRM.multTransA(a1, ag2, g2);
            CommonOps_DDRM.multTransB(ag2, aw[1], ag1);
            CommonOps_DDRM.multTransA(ax, ag1, g1);
            double sum = 0;
            for (DMatrixRMaj g : new DMatrixRMaj[] {g1, g2, g3}) {
                double n = NormOps_DDRM.normF(g);
                sum += n * n;
            }
            int lengths = problem.x.numRows + problem.x.numCols + w[0].numCols + 2 * w[1].numCols + w[2].numCols + 1;
            return lengths * EPSILON * Math.sqrt(sum);
        }

        /**
         * {@code 1/β}, {@code β = K²·(‖W2‖²‖W3‖² + ‖W1‖²‖W3‖² + ‖W1‖²‖W2‖²)} (Frobenius norms of the
         * weights): {@code β ≥ ‖JᵀJ‖}, the Gauss–Newton curvature of {@code L} ({@code J} the Jacobian of
         * {@code P} with respect to the weights, whose three blocks are bounded by the three products).
         */
        double curvatureStepCap(double k) {
            double a = NormOps_DDRM.normF(w[0]);
            double b = NormOps_DDRM.normF(w[1]);
            double c = NormOps_DDRM.normF(w[2]);
            double beta = k * k * (b * b * c * c + a * a * c * c + a * a * b * b);
            return 1 / beta;
        }

        double loss() {
            return lossOf(p);
        }

        private double lossOf(DMatrixRMaj out) {
            double sum = 0;
            for (int i = 0; i < out.getNumElements(); i++) {
                double d = out.data[i] - problem.y.data[i];
                sum += d * d;
            }
            return sum / 2;
        }

        /**
         * Armijo backtracking along {@code −direction}: the largest {@code t = t₀/2^j} with
         * {@code L(θ − t d) − L(θ) ≤ −10⁻⁴ t ⟨∇L, d⟩}; 0 if {@code d} is not a descent direction or no
         * such {@code t} is found in 60 halvings.
         *
         * <p>The loss change is computed without cancellation: with {@code D1, D2, D3} the direction's
         * blocks, {@code P(t) − P = −t c₁ + t² c₂ − t³ c₃} exactly (the output is trilinear in the weights),
         * {@code c₁ = X D1 W2 W3 + X W1 D2 W3 + X W1 W2 D3}, {@code c₂ = X D1 D2 W3 + X D1 W2 D3 + X W1 D2 D3},
         * {@code c₃ = X D1 D2 D3}, and {@code L(t) − L = ⟨ΔP, P − Y⟩ + ½‖ΔP‖²}. Subtracting two computed
         * losses instead would lose every digit of a decrease below {@code ε·L}, and the line search would
         * stall at gradients of order {@code √(ε L / 10⁻⁴)}, above the tolerance.
         */
        double armijo(DMatrixRMaj[] direction, double t0) {
            double slope = 0;
            for (int i = 0; i < w.length; i++) {
                for (int j = 0; j < gw[i].getNumElements(); j++) {
                    slope += gw[i].data[j] * direction[i].data[j];
                }
            }
            if (!(slope > 0)) {
                return 0;
            }
            expansion(direction);
            double t = t0;
            for (int j = 0; j < MAX_HALVINGS; j++, t /= 2) {
                double change = 0;
                for (int i = 0; i < gp.getNumElements(); i++) {
                    double dp = -t * c1.data[i] + t * t * c2.data[i] - t * t * t * c3.data[i];
                    change += dp * (gp.data[i] + dp / 2);
                }
                if (change <= -ARMIJO * t * slope) {
                    return t;
                }
            }
            return 0;
        }

        /** {@code c₁, c₂, c₃} of {@link #armijo} for the current weights and {@code direction}. */
        private void expansion(DMatrixRMaj[] direction) {
            CommonOps_DDRM.mult(problem.x, direction[0], xd1);
            CommonOps_DDRM.mult(h1, direction[1], h1d2);
            CommonOps_DDRM.mult(xd1, w[1], xd1w2);
            CommonOps_DDRM.mult(xd1, direction[1], xd1d2);
            // c1 = xd1w2 W3 + h1d2 W3 + h2 D3
            CommonOps_DDRM.add(xd1w2, h1d2, sum2);
            CommonOps_DDRM.mult(sum2, w[2], c1);
            CommonOps_DDRM.multAdd(h2, direction[2], c1);
            // c2 = xd1d2 W3 + (xd1w2 + h1d2) D3
            CommonOps_DDRM.mult(xd1d2, w[2], c2);
            CommonOps_DDRM.multAdd(sum2, direction[2], c2);
            // c3 = xd1d2 D3
            CommonOps_DDRM.mult(xd1d2, direction[2], c3);
        }

        void step(DMatrixRMaj[] direction, double t) {
            for (int i = 0; i < w.length; i++) {
                CommonOps_DDRM.addEquals(w[i], -t, direction[i]);
            }
        }
    }
}
