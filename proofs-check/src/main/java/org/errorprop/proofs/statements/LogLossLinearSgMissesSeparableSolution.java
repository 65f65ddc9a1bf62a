package org.errorprop.proofs.statements;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.SingularOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.errorprop.framework.data.ArtificialDataSets;
import org.errorprop.framework.data.ArtificialKind;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.proofs.Check;
import org.errorprop.proofs.Verdict;

/**
 * Log loss (§4 "Artificial data", footnote 3, Table 2; PAPER.md 2.7 and 4.1): for logistic regression
 * {@code p = x·w + b} the true gradient {@code ∂L/∂p = σ(p) − y} approaches a step function on linearly
 * separable data, which a linear SG {@code p·a + y·b' + c} cannot represent, so SG-trained logistic regression
 * does not reach the backprop solution; with random labels the gradient is nearly linear in {@code p} and the
 * two agree; a sigmoid applied to a linear SG, {@code d·σ(p·a) + y·b' + c}, fixes the separable case.
 *
 * <h2>The experiment</h2>
 * Data: the framework's {@code linear_k} or {@code random_k} ({@link ArtificialDataSets}, seeded by the recipe),
 * labels {@code y ∈ {0, 1}}, a single sigmoid output (the paper notes it gives results analogous to its one-hot
 * softmax). Three full-batch runs of {@code T} steps from {@code w = 0} with the same step
 * {@code η = f/L_s}, {@code L_s = σ_max(X̄)²/(4n)} the smoothness constant of the mean log loss and
 * {@code f ∈ (0, 1]}: (a) backprop, (b) through the best linear SG, refitted exactly (least squares over
 * {@code span{p, y, 1}}) at every step, (c) through the sigmoid-linear SG (the one-unit form of
 * {@code methods/…/synthetic/SigmoidSynthesizer}, zero output at the start, {@code a_0 ~ U[−1, 1]}), refitted by
 * two warm-started Levenberg–Marquardt iterations per step. Fitting each SG to convergence at every step
 * (rather than one optimiser step, as in the paper's Adam runs) isolates what the paper's argument is about:
 * what the SG <i>family</i> can represent, not how fast it is trained.
 *
 * <h2>What is measured</h2>
 * <ul>
 *   <li>{@code ε_BP = ‖g − ĝ‖/‖g‖} at the backprop endpoint, {@code g = σ(p) − y}, {@code ĝ} its least-squares
 *       fit by a linear SG: the smallest relative error <i>any</i> linear SG makes at the backprop solution.
 *       It is compared with {@code 1/3 = (1 − δ)/(1 + δ)} at {@code δ = 1/2}, the tracking tolerance of
 *       Corollary 1 / Proposition 2 (PAPER.md 2.4–2.5) under which SG training is guaranteed to follow the
 *       true gradient.</li>
 *   <li>{@code q = (L_SG(T) − L_BP(T))/L_BP(T)}, the relative excess of the SG-trained model's final training
 *       loss over backprop's (Table 2 reports the absolute difference; the absolute gaps are reported too).
 *       It is compared with {@code θ = 1/100}, a fixed scale, not a bound; it is motivated by the rate: on
 *       separable data the loss of gradient descent decays as {@code Θ(1/(η t))} (Soudry et al. 2018; Ji &amp;
 *       Telgarsky 2019), so a relative difference of 1% is what the last 1% of the budget buys: below it two
 *       runs cannot be told apart at this budget, above it the SG run is behind by more than that. The same
 *       scale is used for agreement on random labels, where the loss converges. (A budget-measured threshold such
 *       as backprop's own progress over the second half of the run cannot serve both claims: on random labels
 *       backprop has converged, that progress is 0, and the linear SG's small but real bias, second order in
 *       {@code ε_BP}, would count as a failure.) Measured over 400 random recipes: {@code q_lin ≥ 0.28} on
 *       separable and {@code |q_lin| ≤ 5·10⁻³} on random labels, so the scale sits 1.4 and 0.3 decades from
 *       them.</li>
 * </ul>
 * Also reported: angles between the feature parts of the weight vectors and the ordinary-least-squares
 * direction {@code w_OLS} (EJML). Every stationary point of the linear-SG system satisfies
 * {@code X̄(a p + b' y + c 1) = 0}, i.e. {@code a X̄X̄ᵀw = −X̄(b' y + c 1)}, so for {@code a ≠ 0} its weights lie in
 * {@code span{w_OLS, e_bias}}: a linear SG can only converge to a rescaled least-squares (Fisher) classifier,
 * whereas backprop on separable data turns towards the max-margin direction. On random labels the logistic
 * optimum is close to that plane (σ is nearly linear over its small logits), on separable data it is not.
 *
 * <h2>Verdict and margin</h2>
 * The recipe carries the claim to test. {@link Claim#LINEAR_SG_FAILS} (the paper's claim for separable data)
 * holds iff {@code ε_BP > 1/3}, {@code q_lin > θ} and the sigmoid-linear SG ends closer than the linear one,
 * {@code |q_sig| < q_lin}; margin {@code min(log10(3ε_BP), log10(q_lin/θ), log10(q_lin/|q_sig|))}.
 * {@link Claim#LINEAR_SG_AGREES} (random labels) holds iff {@code ε_BP ≤ 1/3} and {@code |q_lin| ≤ θ}; margin
 * {@code min(log10(1/(3ε_BP)), log10(θ/|q_lin|))}. Margins are in decades; {@code q} values are floored at
 * {@code 4nu} (the relative rounding of a mean of {@code n} terms, {@code u = 2⁻⁵³}) before taking logs.
 *
 * <h2>Recipes</h2>
 * {@code k ∈ [6, 12]}, {@code n ∈ [8k, 12k]}, {@code T ∈ [1500, 2500]}, {@code f ∈ [0.5, 1]}, kind
 * {@code linear} or {@code random} with the paper's claim for it. Why not {@code k = 2} (the paper's
 * {@code linear2}): there {@code ε_BP > 1/3} still holds (0.79–0.91 measured), but with an exactly fitted
 * linear SG the loss gap is data-set dependent, from clearly positive to zero or even slightly negative, because
 * in two dimensions the least-squares and max-margin directions are often nearly the same; the paper's 0.038 is
 * an average over 10 data sets of Adam-trained runs. From {@code k ≈ 6} on the gap is robust. Measured over
 * 800 random recipes: failure-claim margins 0.34–0.44 decades (always set by {@code ε_BP}, 0.76–0.92 on
 * separable data), agreement-claim margins 0.31–2.4 (on random labels {@code ε_BP ≤ 0.19} and
 * {@code |q_lin| ≤ 5·10⁻³}; the smallest margins come from {@code q_lin}, when {@code n/k} is small and the
 * random-label logits, hence the sigmoid's curvature, are largest). At the paper's size ({@code k = 100}, {@code n = 1000}, 1000 steps) the loss gaps are 0.044–0.067
 * (separable) and 2–3·10⁻⁵ (random), against Table 2's 0.08554 and 0.00003.
 *
 * <h2>Breaking the hypothesis</h2>
 * {@link Recipe#swappedData()} keeps the claim and swaps the data kind ({@code linear ↔ random}): the failure
 * claim on random labels does not hold (no representation gap, no loss gap), and the agreement claim on
 * separable data does not hold (both fail). Both make the check report failure (over 300 swapped recipes the
 * margins were at most −0.7 and −1.5 decades respectively). {@code exp} and {@code log} are {@link StrictMath}'s,
 * so a verdict replays bit for bit.
 */
public final class LogLossLinearSgMissesSeparableSolution
        implements Check<LogLossLinearSgMissesSeparableSolution.Recipe> {

    /** {@code (1 − δ)/(1 + δ)} at {@code δ = 1/2}: Corollary 1's tracking tolerance. */
    static final double TRACKING = 1.0 / 3;
    /** Relative excess loss separating "reaches" from "does not reach"; see the class comment. */
    static final double RELATIVE_EXCESS = 1.0 / 100;
    private static final double U = 0x1p-53;
    private static final String SYNTHESIZER_STREAM = "log-loss/synthesizer";

    /** What the recipe claims about the linear SG. */
    public enum Claim {
        /** It does not reach the backprop solution, and the sigmoid-linear SG does better (separable data). */
        LINEAR_SG_FAILS,
        /** It reaches the backprop solution (random labels). */
        LINEAR_SG_AGREES;

        /** The paper's claim for a data kind: failure on {@code linear}, agreement on {@code random}. */
        public static Claim paperClaimFor(ArtificialKind kind) {
            return switch (kind) {
                case LINEAR -> LINEAR_SG_FAILS;
                case RANDOM -> LINEAR_SG_AGREES;
                case NOISY -> throw new IllegalArgumentException("the paper makes no clear-cut claim for noisy data");
            };
        }
    }

    /**
     * @param seed                 seed of the data set (framework streams) and of the sigmoid SG's {@code a_0}
     * @param kind                 {@code linear} (separable) or {@code random} labels
     * @param dimension            {@code k ≥ 1}
     * @param points               {@code n ≥ 2}
     * @param iterations           {@code T ≥ 2}, full-batch steps of every run
     * @param learningRateFraction {@code f ∈ (0, 1]}: {@code η = f/L_s}
     * @param claim                what the check asserts
     */
    public record Recipe(long seed, ArtificialKind kind, int dimension, int points, int iterations,
                         double learningRateFraction, Claim claim) {
        public Recipe {
            if (dimension < 1 || points < 2 || iterations < 2) {
                throw new IllegalArgumentException("need k ≥ 1, n ≥ 2, T ≥ 2");
            }
            if (!(learningRateFraction > 0 && learningRateFraction <= 1)) {
                throw new IllegalArgumentException("need f ∈ (0, 1] so that the step is at most 1/L_s");
            }
        }

        /** The paper's setting: the claim the paper makes for {@code kind}. */
        public static Recipe paper(long seed, ArtificialKind kind, int dimension, int points, int iterations,
                                   double learningRateFraction) {
            return new Recipe(seed, kind, dimension, points, iterations, learningRateFraction,
                    Claim.paperClaimFor(kind));
        }

        /** The same recipe and claim on the other data kind ({@code linear ↔ random}): the hypothesis broken. */
        public Recipe swappedData() {
            ArtificialKind other = kind == ArtificialKind.RANDOM ? ArtificialKind.LINEAR : ArtificialKind.RANDOM;
            return new Recipe(seed, other, dimension, points, iterations, learningRateFraction, claim);
        }
    }

    @Override
    public String id() {
        return "log-loss-linear-sg";
    }

    @Override
    public String paperReference() {
        return "§4 Artificial data, footnote 3 and Table 2 (log loss)";
    }

    @Override
    public String statement() {
        return "With log loss, dL/dp = sigmoid(p) - y: on linearly separable data no linear SG represents it"
                + " (relative error > 1/3 at the backprop solution) and SG-trained logistic regression ends more than"
                + " 1% above backprop's final loss, while a sigmoid-linear SG d*sigmoid(p a) + y b + c does better; on"
                + " random labels the linear SG represents it and the two end within 1%.";
    }

    @Override
    public Recipe randomRecipe(RandomGenerator random) {
        int k = 6 + random.nextInt(7);
        int n = 8 * k + random.nextInt(4 * k + 1);
        int t = 1500 + random.nextInt(1001);
        double f = 0.5 + 0.5 * random.nextDouble();
        ArtificialKind kind = random.nextBoolean() ? ArtificialKind.LINEAR : ArtificialKind.RANDOM;
        return Recipe.paper(random.nextLong(), kind, k, n, t, f);
    }

    @Override
    public Verdict check(Recipe r) {
        RandomStreams streams = new RandomStreams(r.seed());
        Dataset data = ArtificialDataSets.generate(r.kind(), r.dimension(), r.points(), streams);
        int n = data.size();
        int k = r.dimension();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = data.label(i);
        }
        DMatrixRMaj xbt = new DMatrixRMaj(n, k + 1);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                xbt.set(i, j, data.inputs().get(i, j));
            }
            xbt.set(i, k, 1);
        }
        double sMax = 0;
        for (double v : SingularOps_DDRM.singularValues(xbt.copy())) {
            sMax = Math.max(sMax, v);
        }
        double smoothness = sMax * sMax / (4.0 * n);
        double eta = r.learningRateFraction() / smoothness;
        LogLossTraining training = new LogLossTraining(data.inputs(), labels, eta);
        double a0 = 2 * streams.stream(SYNTHESIZER_STREAM).nextDouble() - 1;

        LogLossTraining.Run bp = training.train(LogLossTraining.Mode.BACKPROP, r.iterations(), a0);
        LogLossTraining.Run lin = training.train(LogLossTraining.Mode.LINEAR_SG, r.iterations(), a0);
        LogLossTraining.Run sig = training.train(LogLossTraining.Mode.SIGMOID_SG, r.iterations(), a0);

        double lossBp = training.loss(bp.weights());
        double lossLin = training.loss(lin.weights());
        double lossSig = training.loss(sig.weights());
        double qLin = (lossLin - lossBp) / lossBp;
        double qSig = (lossSig - lossBp) / lossBp;
        double floorQ = 4 * n * U;
        double epsBp = training.linearFitRelativeError(bp.weights());
        double epsLin = training.linearFitRelativeError(lin.weights());

        double[] ols = leastSquares(xbt, labels);
        double margin;
        if (r.claim() == Claim.LINEAR_SG_FAILS) {
            double representation = StrictMath.log10(epsBp / TRACKING);
            double gap = StrictMath.log10(Math.max(qLin, floorQ) / RELATIVE_EXCESS);
            double improvement = StrictMath.log10(Math.max(qLin, floorQ) / Math.max(Math.abs(qSig), floorQ));
            margin = Math.min(representation, Math.min(gap, improvement));
        } else {
            double representation = StrictMath.log10(TRACKING / epsBp);
            double gap = StrictMath.log10(RELATIVE_EXCESS / Math.max(Math.abs(qLin), floorQ));
            margin = Math.min(representation, gap);
        }
        if (Double.isNaN(margin)) {
            margin = -300;
        }

        Map<String, Double> numbers = new LinkedHashMap<>();
        numbers.put("k", (double) k);
        numbers.put("n", (double) n);
        numbers.put("T", (double) r.iterations());
        numbers.put("eta", eta);
        numbers.put("L_BP(T/2)", bp.halfwayLoss());
        numbers.put("L_BP(T)", lossBp);
        numbers.put("L_linearSG(T)", lossLin);
        numbers.put("L_sigmoidSG(T)", lossSig);
        numbers.put("gap linear SG = L_lin - L_BP", lossLin - lossBp);
        numbers.put("gap sigmoid SG = L_sig - L_BP", lossSig - lossBp);
        numbers.put("q_lin = gap_lin / L_BP", qLin);
        numbers.put("q_sig = gap_sig / L_BP", qSig);
        numbers.put("eps_BP (best linear SG error at the BP solution)", epsBp);
        numbers.put("eps at the linear-SG endpoint", epsLin);
        numbers.put("sigmoid SG last fit relative error", sig.lastFitRelativeError());
        numbers.put("sigmoid SG a", sig.sigmoidSg()[0]);
        numbers.put("sigmoid SG d", sig.sigmoidSg()[1]);
        numbers.put("sigmoid SG b'", sig.sigmoidSg()[2]);
        numbers.put("sigmoid SG c", sig.sigmoidSg()[3]);
        numbers.put("angle(w_BP, w_OLS) deg", angle(bp.weights(), ols, k));
        numbers.put("angle(w_lin, w_OLS) deg", angle(lin.weights(), ols, k));
        numbers.put("angle(w_lin, w_BP) deg", angle(lin.weights(), bp.weights(), k));
        numbers.put("angle(w_sig, w_BP) deg", angle(sig.weights(), bp.weights(), k));
        numbers.put("|p_lin - p_BP| / |p_BP|", logitDistance(training, lin.weights(), bp.weights()));
        numbers.put("|p_sig - p_BP| / |p_BP|", logitDistance(training, sig.weights(), bp.weights()));
        numbers.put("train accuracy BP", accuracy(training, bp.weights()));
        numbers.put("train accuracy linear SG", accuracy(training, lin.weights()));
        numbers.put("train accuracy sigmoid SG", accuracy(training, sig.weights()));
        return Verdict.byMargin(margin, r, numbers);
    }

    /** Ordinary least squares of the labels on {@code X̄ᵀ} (EJML, Householder QR). */
    private static double[] leastSquares(DMatrixRMaj xbt, int[] labels) {
        int n = xbt.numRows;
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.leastSquares(n, xbt.numCols);
        if (!solver.setA(xbt.copy())) {
            throw new IllegalStateException("least squares solver rejected the inputs");
        }
        DMatrixRMaj y = new DMatrixRMaj(n, 1);
        for (int i = 0; i < n; i++) {
            y.set(i, 0, labels[i]);
        }
        DMatrixRMaj w = new DMatrixRMaj(xbt.numCols, 1);
        solver.solve(y, w);
        return w.data.clone();
    }

    /** Angle in degrees between the feature parts (first {@code k} entries) of two weight vectors. */
    private static double angle(double[] a, double[] b, int k) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int j = 0; j < k; j++) {
            ab += a[j] * b[j];
            aa += a[j] * a[j];
            bb += b[j] * b[j];
        }
        double c = ab / Math.sqrt(aa * bb);
        return Math.toDegrees(StrictMath.acos(Math.max(-1, Math.min(1, c))));
    }

    private static double logitDistance(LogLossTraining training, double[] w, double[] reference) {
        double[] p = new double[training.n];
        double[] q = new double[training.n];
        training.logits(w, p);
        training.logits(reference, q);
        double diff = 0;
        for (int i = 0; i < p.length; i++) {
            diff += (p[i] - q[i]) * (p[i] - q[i]);
        }
        return Math.sqrt(diff) / LogLossTraining.norm(q);
    }

    private static double accuracy(LogLossTraining training, double[] w) {
        double[] p = new double[training.n];
        training.logits(w, p);
        int right = 0;
        for (int i = 0; i < p.length; i++) {
            if ((p[i] > 0) == (training.y[i] > 0.5)) {
                right++;
            }
        }
        return right / (double) p.length;
    }
}
