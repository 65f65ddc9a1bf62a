package org.errorprop.proofs.statements;

import static org.errorprop.proofs.statements.CriticalPointsNumerics.U;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.absMult;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.absMultTransA;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.concatColumns;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.gamma;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.mult;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.normF;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.plus;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.scaled;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.withOnes;
import static org.errorprop.proofs.statements.CriticalPointsNumerics.withZeros;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.proofs.Check;
import org.errorprop.proofs.Verdict;

/**
 * Proposition 1 (§3; PAPER.md 2.2): every critical point of the original problem at which the SG can
 * produce {@code ∂L/∂h_i} has a corresponding critical point of the SG-based model. A critical point is
 * constructed ({@link Scenario}), a linear SG is fitted to {@code ∂L/∂h} by least squares, and fit and
 * stationarity are checked against derived rounding bounds; margin in decades. The experiment, the
 * tolerances and the breaches ({@link SgForm}, perturbation):
 * <a href="../../../../../../../../paper-notes/derivations/proposition-1.md">
 * paper-notes/derivations/proposition-1.md</a>.
 */
public final class CriticalPointsPreservedWhenSgRepresentsGradient
        implements Check<CriticalPointsPreservedWhenSgRepresentsGradient.Recipe> {

    /** A log10 slack above this counts as "exact" (a value of zero). */
    static final double CAP = 16;
    /** Allowance for the second-order terms the running bounds drop. */
    static final double SECOND_ORDER = 2;

    /** How the critical point of the original problem is constructed. */
    public enum Scenario {
        /** Deep linear model, least-squares top layer: a global minimum with non-zero loss. */
        DEEP_LINEAR_OPTIMUM,
        /** Tanh hidden layers, targets equal to the network's outputs: zero loss. */
        TANH_ZERO_LOSS
    }

    /** The SG's hypothesis space. */
    public enum SgForm {
        /** {@code hA + yB + C}, the paper's linear SG. */
        FULL,
        /** {@code hA + C}: no label (breaks the hypothesis at a non-zero-loss optimum). */
        WITHOUT_LABEL,
        /** {@code yB + C}: {@code A} forced to zero (breaks the hypothesis). */
        WITHOUT_ACTIVATION
    }

    /**
     * @param seed               master seed of the named streams {@code data}, {@code weights}, {@code perturbation}
     * @param scenario           the construction of the critical point
     * @param inputs             {@code d}, also every hidden width; 2..5 in random recipes
     * @param outputs            {@code m}; 1..3 ({@code ≤ d} for tanh: {@code y = p} is an affine image of the
     *                           {@code d}-wide {@code h_{N−1}}, so more outputs would make {@code [h, y, 1]} rank deficient)
     * @param blocks             {@code N}: 2..4 (deep linear), 3..4 (tanh)
     * @param boundary           {@code k}, the SG's hidden boundary: {@code 1..N−1} (deep linear), {@code 1..N−2} (tanh)
     * @param samples            {@code S ≥ d + m + 2}, so that {@code [h, y, 1]} has full column rank; up to {@code d + m + 8}
     * @param dataConditioning   condition number of {@code X}, 1..100 (log-uniform)
     * @param weightConditioning condition number of each hidden weight matrix, 1..10 (log-uniform)
     * @param perturbation       {@code η}, 0 inside the hypothesis
     * @param sgForm             {@link SgForm#FULL} inside the hypothesis
     */
    public record Recipe(long seed, Scenario scenario, int inputs, int outputs, int blocks, int boundary, int samples,
                         double dataConditioning, double weightConditioning, double perturbation, SgForm sgForm) {
        public Recipe {
            int lowestTop = scenario == Scenario.DEEP_LINEAR_OPTIMUM ? 1 : 2;
            if (inputs < 1 || outputs < 1 || blocks < 1 + lowestTop || boundary < 1 || boundary > blocks - lowestTop) {
                throw new IllegalArgumentException("need d, m ≥ 1 and 1 ≤ k ≤ N − " + lowestTop + " for " + scenario
                        + ": d=" + inputs + " m=" + outputs + " N=" + blocks + " k=" + boundary);
            }
            if (scenario == Scenario.TANH_ZERO_LOSS && outputs > inputs) {
                throw new IllegalArgumentException("tanh zero loss needs m ≤ d (y = p is an affine image of the"
                        + " d-wide h_{N−1}, so more outputs make [h, y, 1] rank deficient): d=" + inputs + " m=" + outputs);
            }
            if (samples < inputs + outputs + 2) {
                throw new IllegalArgumentException("need S ≥ d + m + 2, got S=" + samples);
            }
            if (!(dataConditioning >= 1) || !(weightConditioning >= 1) || !(perturbation >= 0)) {
                throw new IllegalArgumentException("need conditioning ≥ 1 and perturbation ≥ 0");
            }
        }

        public Recipe withPerturbation(double eta) {
            return new Recipe(seed, scenario, inputs, outputs, blocks, boundary, samples, dataConditioning,
                    weightConditioning, eta, sgForm);
        }

        public Recipe withSgForm(SgForm form) {
            return new Recipe(seed, scenario, inputs, outputs, blocks, boundary, samples, dataConditioning,
                    weightConditioning, perturbation, form);
        }
    }

    @Override
    public String id() {
        return "proposition-1";
    }

    @Override
    public String paperReference() {
        return "Proposition 1 (§3)";
    }

    @Override
    public String statement() {
        return "At a critical point of the original problem where a linear SG hA + yB + C can represent dL/dh"
                + " (a deep linear model with MSE at its least-squares optimum; a tanh network at zero loss), the SG"
                + " fitted by least squares reproduces dL/dh to rounding and the SG system is stationary there:"
                + " dL/dtheta_{>h} = 0, SG dh/dtheta_{<h} = 0 and dL_SG/dtheta_SG = 0, within derived rounding"
                + " bounds.";
    }

    @Override
    public Recipe randomRecipe(RandomGenerator random) {
        Scenario scenario = random.nextInt(3) < 2 ? Scenario.DEEP_LINEAR_OPTIMUM : Scenario.TANH_ZERO_LOSS;
        int d = 2 + random.nextInt(4);
        int m = 1 + random.nextInt(scenario == Scenario.DEEP_LINEAR_OPTIMUM ? 3 : Math.min(3, d));
        int blocks = scenario == Scenario.DEEP_LINEAR_OPTIMUM ? 2 + random.nextInt(3) : 3 + random.nextInt(2);
        int k = 1 + random.nextInt(scenario == Scenario.DEEP_LINEAR_OPTIMUM ? blocks - 1 : blocks - 2);
        int samples = d + m + 2 + random.nextInt(7);
        double kx = Math.pow(10, 2 * random.nextDouble());
        double kw = Math.pow(10, random.nextDouble());
        return new Recipe(random.nextLong(), scenario, d, m, blocks, k, samples, kx, kw, 0, SgForm.FULL);
    }

    // ---------------------------------------------------------------------------------- construction

    /**
     * The constructed critical point: network, data, and the scenario's bounds on the exact gradient of
     * every block ({@code exactGradient[j]}, Frobenius) and on {@code |Ĝ − Zθ|} at boundary {@code k}.
     */
    record Problem(CriticalPointsNetwork network, DMatrixRMaj x, DMatrixRMaj y, double[] exactGradient,
                   DMatrixRMaj representation) {
    }

    static Problem construct(Recipe recipe) {
        RandomStreams streams = new RandomStreams(recipe.seed());
        RandomGenerator data = streams.startOf("data");
        RandomGenerator init = streams.startOf("weights");
        int d = recipe.inputs();
        int m = recipe.outputs();
        int n = recipe.blocks();
        int s = recipe.samples();
        DMatrixRMaj x = CriticalPointsNumerics.conditioned(s, d, recipe.dataConditioning(), Math.sqrt(s), data);
        DMatrixRMaj[] w = new DMatrixRMaj[n + 1];
        DMatrixRMaj[] b = new DMatrixRMaj[n + 1];
        boolean linear = recipe.scenario() == Scenario.DEEP_LINEAR_OPTIMUM;
        double kw = recipe.weightConditioning();
        for (int j = 1; j < n; j++) {
            w[j] = CriticalPointsNumerics.conditioned(d, d, kw, linear ? Math.sqrt(kw) : 1.2, init);
            b[j] = CriticalPointsNumerics.uniform(1, d, 0.5, init);
        }
        if (linear) {
            DMatrixRMaj y = plus(mult(withOnes(x), RandomMatrices.gaussian(d + 1, m, 1, data)),
                    RandomMatrices.gaussian(s, m, 0.5, data));
            w[n] = new DMatrixRMaj(d, m);
            b[n] = new DMatrixRMaj(1, m);
            CriticalPointsNetwork partial = new CriticalPointsNetwork(w, b, false);
            DMatrixRMaj top = partial.forward(x, 0, false).values()[n - 1];
            DMatrixRMaj sHat = withOnes(top);
            CriticalPointsNumerics.NormalSolution ls = CriticalPointsNumerics.leastSquares(sHat, y);
            if (ls == null) {
                throw new IllegalArgumentException("the top layer's normal matrix is not positive definite: " + recipe);
            }
            CommonOps_DDRM.extract(ls.solution(), 0, d, 0, m, w[n], 0, 0);
            CommonOps_DDRM.extract(ls.solution(), d, d + 1, 0, m, b[n], 0, 0);
            CriticalPointsNetwork net = new CriticalPointsNetwork(w, b, false);
            CriticalPointsNetwork.Pass pass = net.forward(x, 0, false);
            DMatrixRMaj residual = residual(pass.values()[n], y);
            DMatrixRMaj betaTop = pass.bounds()[n - 1];
            // |Sᵀr| for the exact S = [h_{N−1}, 1]: the Cholesky bound, plus replacing ĥ_{N−1} by the exact one.
            DMatrixRMaj normal = plus(ls.residualBound(), absMult(absMultTransA(sHat, betaTop), w[n]),
                    absMultTransA(withZeros(betaTop), residual));
            double normalNorm = normF(normal);
            double[] exact = new double[n + 1];
            DMatrixRMaj phi = CommonOps_DDRM.identity(d + 1);
            DMatrixRMaj u = CommonOps_DDRM.identity(m);
            exact[n] = normalNorm;
            for (int j = n - 1; j >= 1; j--) {
                phi = mult(affine(w[j], b[j]), phi);
                u = mult(w[j + 1], u);
                exact[j] = normalNorm * CriticalPointsNumerics.sigmaMax(u) / CriticalPointsNumerics.sigmaMin(phi);
            }
            return new Problem(net, x, y, exact, representationRunningBound(net, x, y, recipe.boundary()));
        }
        w[n] = RandomMatrices.gaussian(d, m, 1 / Math.sqrt(d), init);
        b[n] = CriticalPointsNumerics.uniform(1, m, 0.5, init);
        CriticalPointsNetwork net = new CriticalPointsNetwork(w, b, true);
        CriticalPointsNetwork.Pass targets = net.forward(x, 0, true);
        DMatrixRMaj y = targets.values()[n];
        DMatrixRMaj betaTargets = targets.bounds()[n];
        CriticalPointsNetwork.Pass pass = net.forward(x, 0, false);
        // |p(θ) − Y| ≤ β of the target pass; carried down with |tanh'| ≤ 1.
        DMatrixRMaj[] chain = net.chainBack(n, betaTargets);
        double[] exact = new double[n + 1];
        for (int j = 1; j <= n; j++) {
            exact[j] = normF(absMultTransA(withOnes(pass.values()[j - 1]), chain[j]));
        }
        // θ = 0: |Ĝ| ≤ |G(ĥ_k)| + running bound, |r(ĥ_k)| ≤ |p(ĥ_k) − p(h_k)| + |p(h_k) − Y|.
        int k = recipe.boundary();
        DMatrixRMaj atK = net.chainBack(n, plus(net.chainForward(k, n, pass.bounds()[k]), betaTargets))[k];
        return new Problem(net, x, y, exact, plus(atK, representationRunningBound(net, x, y, k)));
    }

    /** {@code [[W, 0], [b, 1]]}: block {@code j} acting on {@code [h, 1]}. */
    private static DMatrixRMaj affine(DMatrixRMaj w, DMatrixRMaj b) {
        int d = w.numRows;
        DMatrixRMaj a = new DMatrixRMaj(d + 1, w.numCols + 1);
        CommonOps_DDRM.insert(w, a, 0, 0);
        CommonOps_DDRM.insert(b, a, d, 0);
        a.set(d, w.numCols, 1);
        return a;
    }

    /** {@code |Ĝ − G(ĥ_k)|}: the forward from level {@code k} and the backward to it, with {@code ĥ_k} exact. */
    private static DMatrixRMaj representationRunningBound(CriticalPointsNetwork net, DMatrixRMaj x, DMatrixRMaj y,
                                                          int k) {
        int n = net.blocks();
        CriticalPointsNetwork.Pass restart = net.forward(x, k, false);
        DMatrixRMaj r = residual(restart.values()[n], y);
        return net.backward(restart, n, r, residualBound(restart.bounds()[n], r)).activationBounds()[k];
    }

    static DMatrixRMaj residual(DMatrixRMaj p, DMatrixRMaj y) {
        DMatrixRMaj r = new DMatrixRMaj(p.numRows, p.numCols);
        CommonOps_DDRM.subtract(p, y, r);
        return r;
    }

    /** {@code fl(p̂ − y)} is within {@code β_p + u|r̂|} of the exact {@code p − y}. */
    static DMatrixRMaj residualBound(DMatrixRMaj betaP, DMatrixRMaj r) {
        return plus(betaP, scaled(U, CriticalPointsNumerics.abs(r)));
    }

    // ------------------------------------------------------------------------------------ evaluation

    /** A measured quantity and its tolerance. */
    record Measured(String name, double value, double tolerance) {
        double slack() {
            if (value == 0) {
                return CAP;
            }
            if (!(value > 0) || !(tolerance > 0)) {
                return -CAP; // NaN, or a non-zero value where nothing is allowed
            }
            return Math.min(CAP, Math.log10(tolerance / value));
        }
    }

    /** The SG system at a point: the asserted quantities and, separately, the original problem's own gradient. */
    record Evaluation(List<Measured> asserted, List<Measured> original, double conditionZ, double trueGradient) {
    }

    static DMatrixRMaj design(SgForm form, DMatrixRMaj h, DMatrixRMaj y) {
        return switch (form) {
            case FULL -> withOnes(concatColumns(h, y));
            case WITHOUT_LABEL -> withOnes(h);
            case WITHOUT_ACTIVATION -> withOnes(y);
        };
    }

    static Evaluation evaluate(Problem problem, CriticalPointsNetwork net, int k, SgForm form) {
        int n = net.blocks();
        DMatrixRMaj x = problem.x();
        DMatrixRMaj y = problem.y();
        CriticalPointsNetwork.Pass pass = net.forward(x, 0, false);
        DMatrixRMaj r = residual(pass.values()[n], y);
        CriticalPointsNetwork.Back back = net.backward(pass, n, r, residualBound(pass.bounds()[n], r));
        DMatrixRMaj g = back.activationGradients()[k];
        double gBound = normF(back.activationBounds()[k]);

        // (a) the L_SG-minimising SG.
        DMatrixRMaj z = design(form, pass.values()[k], y);
        int q = z.numCols;
        int s = z.numRows;
        CriticalPointsNumerics.NormalSolution fit = CriticalPointsNumerics.leastSquares(z, g);
        if (fit == null) {
            throw new IllegalArgumentException("ZᵀZ is not numerically positive definite");
        }
        double[] sv = CriticalPointsNumerics.singularValues(z);
        double sigmaMin = Double.POSITIVE_INFINITY;
        double sigmaMax = 0;
        for (double v : sv) {
            sigmaMin = Math.min(sigmaMin, v);
            sigmaMax = Math.max(sigmaMax, v);
        }
        DMatrixRMaj sg = mult(z, fit.solution());
        DMatrixRMaj error = residual(sg, g);
        DMatrixRMaj errorBound = plus(scaled(gamma(q), absMult(z, fit.solution())),
                scaled(U, CriticalPointsNumerics.abs(error)));
        double fitRaw = normF(fit.residualBound()) / sigmaMin + 2 * normF(problem.representation())
                + normF(errorBound);
        List<Measured> asserted = new ArrayList<>();
        asserted.add(new Measured("fit", normF(error), SECOND_ORDER * fitRaw));

        // (b) ∂L/∂θ_{>h}: the original gradient of the blocks above the SG.
        List<Measured> original = new ArrayList<>();
        for (int j = 1; j <= n; j++) {
            Measured m = new Measured("block" + j, normF(back.gradients()[j]),
                    SECOND_ORDER * (problem.exactGradient()[j] + normF(back.gradientBounds()[j])));
            original.add(m);
            if (j > k) {
                asserted.add(new Measured("above.block" + j, m.value(), m.tolerance()));
            }
        }
        // SG·∂h/∂θ_{<h}: the blocks below driven by the SG's output.
        CriticalPointsNetwork.Back driven = net.backward(pass, k, sg, new DMatrixRMaj(sg.numRows, sg.numCols));
        for (int j = 1; j <= k; j++) {
            double jacobian = normF(withOnes(pass.values()[j - 1]));
            for (int i = j + 1; i <= k; i++) {
                jacobian *= normF(net.weights[i]);
            }
            double tolerance = problem.exactGradient()[j] + normF(driven.gradientBounds()[j])
                    + jacobian * (fitRaw + gBound);
            asserted.add(new Measured("below.block" + j, normF(driven.gradients()[j]), SECOND_ORDER * tolerance));
        }
        // ∂L_SG/∂θ_SG = 2 Zᵀ(SG − Ĝ); the exact Zᵀ(ZX̂ − Ĝ) is the normal-equation residual.
        DMatrixRMaj sgGradient = new DMatrixRMaj(q, g.numCols);
        CommonOps_DDRM.multTransA(z, error, sgGradient);
        CommonOps_DDRM.scale(2, sgGradient);
        double sgTolerance = 2 * normF(plus(fit.residualBound(), absMultTransA(z, errorBound),
                scaled(gamma(s), absMultTransA(z, error))));
        asserted.add(new Measured("sgParameters", normF(sgGradient), SECOND_ORDER * sgTolerance));
        return new Evaluation(asserted, original, sigmaMax / sigmaMin, normF(g));
    }

    @Override
    public Verdict check(Recipe recipe) {
        Problem problem = construct(recipe);
        int k = recipe.boundary();
        Evaluation atCritical = evaluate(problem, problem.network(), k, recipe.sgForm());
        Evaluation measured = atCritical;
        if (recipe.perturbation() > 0) {
            CriticalPointsNetwork moved = problem.network().perturbed(recipe.perturbation(),
                    new RandomStreams(recipe.seed()).startOf("perturbation"));
            measured = evaluate(problem, moved, k, recipe.sgForm());
        }
        Map<String, Double> numbers = new LinkedHashMap<>();
        double margin = CAP;
        for (int i = 0; i < measured.asserted().size(); i++) {
            Measured at = new Measured(measured.asserted().get(i).name(), measured.asserted().get(i).value(),
                    atCritical.asserted().get(i).tolerance());
            numbers.put(at.name() + ".value", at.value());
            numbers.put(at.name() + ".tolerance", at.tolerance());
            numbers.put(at.name() + ".log10Slack", at.slack());
            margin = Math.min(margin, at.slack());
        }
        double originalSlack = CAP;
        for (int i = 0; i < measured.original().size(); i++) {
            Measured at = new Measured("", measured.original().get(i).value(), atCritical.original().get(i).tolerance());
            originalSlack = Math.min(originalSlack, at.slack());
        }
        numbers.put("original.criticality.log10Slack", originalSlack);
        numbers.put("conditionOfZ", atCritical.conditionZ());
        numbers.put("trueGradientAtH", measured.trueGradient());
        return Verdict.byMargin(margin, recipe, numbers);
    }
}
