package org.errorprop.proofs.statements;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.SoftmaxCrossEntropy;
import org.errorprop.framework.loss.SquaredError;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.Boundary;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.LockingProfile;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.RestrictedBoundary;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.training.TrainingStep;
import org.errorprop.methods.backprop.BackpropSignal;
import org.errorprop.methods.feedback.DirectFeedbackSignal;
import org.errorprop.methods.feedback.FeedbackAlignmentSignal;
import org.errorprop.methods.feedback.FeedbackMatrices;
import org.errorprop.methods.feedback.Kickback;
import org.errorprop.methods.synthetic.NetworkSynthesizer;
import org.errorprop.methods.synthetic.Synthesizer;
import org.errorprop.methods.synthetic.SyntheticGradientSignal;
import org.errorprop.methods.unified.ConspiringModuleSignal;
import org.errorprop.methods.unified.ModuleLoss;
import org.errorprop.methods.unified.ModuleOutput;
import org.errorprop.methods.unified.ModuleTarget;
import org.errorprop.methods.unified.TableOne;
import org.errorprop.proofs.Check;
import org.errorprop.proofs.Verdict;

/**
 * Table 1 (§6; PAPER.md §3): every column, as a conspiring module {@code δ̂ = λ s + α ∂L_SG(t, s)/∂h},
 * gives the same {@code δ̂} as the rule's direct implementation on the same trainer boundary, and the
 * locking profile the table prints. The experiment, the allowance per entry, the margin and the breach:
 * <a href="../../../../../../../../paper-notes/derivations/table-1.md">paper-notes/derivations/table-1.md</a>.
 */
public final class TableOneColumnsAgreeWithDirectRules implements Check<TableOneColumnsAgreeWithDirectRules.Recipe> {
    static final double U = 0x1p-53;
    static final double CAP = 16;
    /** Two forms, each within its bound, times 2 for second-order terms. */
    static final double FACTOR = 4;
    static final double[] ALPHAS = {0.05, 0.5, 1.0, 2.75};

    /** The compared columns (SG twice: unconditioned and label-conditioned). */
    enum Column {
        BPROP(TableOne.BPROP),
        FA(TableOne.FA),
        DFA(TableOne.DFA),
        KICKBACK(TableOne.KICKBACK),
        SG(TableOne.SG),
        CONDITIONED_SG(TableOne.SG),
        SG_PROP(TableOne.SG_PROP);

        final TableOne table;

        Column(TableOne table) {
            this.table = table;
        }
    }

    /**
     * @param seed             master seed: network {@code init/…}, method streams {@code method/…}, data
     *                         stream {@code data}, synthesizer parameters {@code synthesizer/boundary-k}
     * @param inputs           1..5
     * @param hidden           1–3 widths in 2..8
     * @param outputs          1..4 (at least 2 under softmax)
     * @param hiddenBatchNorm  BatchNorm after each hidden linear map
     * @param outputBatchNorm  BatchNorm after the output linear map
     * @param bias             linear maps with biases
     * @param tanh             tanh hidden activations (else ReLU)
     * @param softmax          softmax cross-entropy on one-hot targets (else squared error on uniform targets)
     * @param batch            2..6 rows
     * @param alpha            SG+prop's {@code α}, one of 0.05, 0.5, 1, 2.75
     * @param perturbedColumn  the column whose unified form is perturbed when {@code perturbation > 0}
     * @param perturbation     {@code η}, 0 inside the hypothesis
     */
    public record Recipe(long seed, int inputs, List<Integer> hidden, int outputs, boolean hiddenBatchNorm,
                         boolean outputBatchNorm, boolean bias, boolean tanh, boolean softmax, int batch,
                         double alpha, TableOne perturbedColumn, double perturbation) {
        public Recipe {
            hidden = List.copyOf(hidden);
            if (inputs < 1 || outputs < (softmax ? 2 : 1) || hidden.isEmpty() || batch < 1
                    || hidden.stream().anyMatch(w -> w < 1) || !(perturbation >= 0) || alpha == 0) {
                throw new IllegalArgumentException("invalid Table 1 recipe: inputs " + inputs + ", hidden " + hidden
                        + ", outputs " + outputs + ", batch " + batch + ", α " + alpha + ", η " + perturbation);
            }
        }

        public Recipe perturbing(TableOne column, double eta) {
            return new Recipe(seed, inputs, hidden, outputs, hiddenBatchNorm, outputBatchNorm, bias, tanh, softmax,
                    batch, alpha, column, eta);
        }

        boolean perturbs(Column column) {
            return perturbation > 0 && perturbedColumn == column.table;
        }

        Loss loss() {
            return softmax ? new SoftmaxCrossEntropy() : new SquaredError();
        }

        Architecture architecture() {
            return new Architecture(inputs, hidden, outputs, tanh ? Activation.TANH : Activation.RELU, bias,
                    hiddenBatchNorm, outputBatchNorm, Initializer.UNIFORM_FAN_IN);
        }
    }

    @Override
    public String id() {
        return "table-1";
    }

    @Override
    public String paperReference() {
        return "Table 1 (§6, SG and conspiring networks)";
    }

    @Override
    public String statement() {
        return "Each column of Table 1 (SG, SG+prop, Bprop, DFA, FA, Kickback), written as a module with output s,"
                + " constant target t and loss L_SG, gives the same signal lambda s + alpha dL_SG/dh as the rule's"
                + " direct implementation, within the rounding bound, and its locking profile derived from what it"
                + " reads is the one the table prints.";
    }

    @Override
    public Recipe randomRecipe(RandomGenerator random) {
        int depth = 1 + random.nextInt(3);
        List<Integer> hidden = new ArrayList<>();
        for (int i = 0; i < depth; i++) {
            hidden.add(2 + random.nextInt(7));
        }
        boolean softmax = random.nextBoolean();
        int outputs = 1 + random.nextInt(4);
        if (softmax) {
            outputs = Math.max(2, outputs);
        }
        return new Recipe(random.nextLong(), 1 + random.nextInt(5), hidden, outputs, random.nextBoolean(),
                random.nextBoolean(), random.nextBoolean(), random.nextBoolean(), softmax, 2 + random.nextInt(5),
                ALPHAS[random.nextInt(ALPHAS.length)], TableOne.FA, 0);
    }

    // ------------------------------------------------------------------------------- the comparison

    /** The two forms of one column at one boundary and the per-entry allowance. */
    record Comparison(ErrorSignal direct, ErrorSignal unified, Set<SignalNeed> allowanceNeeds,
                      Function<Boundary, DMatrixRMaj> allowance) {
    }

    /** What one column's run saw. */
    static final class Tally {
        double slack = CAP;
        double largestSignal;
        long entries;
        final List<Comparison> comparisons = new ArrayList<>();

        void add(DMatrixRMaj direct, DMatrixRMaj unified, DMatrixRMaj allowed) {
            if (direct.numRows != unified.numRows || direct.numCols != unified.numCols) {
                slack = -CAP;
                return;
            }
            for (int i = 0; i < direct.getNumElements(); i++) {
                double gap = Math.abs(direct.data[i] - unified.data[i]);
                largestSignal = Math.max(largestSignal, Math.abs(direct.data[i]));
                entries++;
                double s;
                if (gap == 0) {
                    s = CAP;
                } else if (!(gap > 0) || !(allowed.data[i] > 0)) {
                    s = -CAP;
                } else {
                    s = Math.min(CAP, Math.log10(allowed.data[i] / gap));
                }
                slack = Math.min(slack, s);
            }
        }
    }

    /** Evaluates both forms on the trainer's boundary, each through its own restricted view; the direct one drives. */
    private static final class Paired implements ErrorSignal {
        private final Comparison comparison;
        private final Tally tally;
        private final Set<SignalNeed> needs;

        Paired(Comparison comparison, Tally tally) {
            this.comparison = comparison;
            this.tally = tally;
            EnumSet<SignalNeed> all = EnumSet.noneOf(SignalNeed.class);
            all.addAll(comparison.direct().needs());
            all.addAll(comparison.unified().needs());
            all.addAll(comparison.allowanceNeeds());
            this.needs = Set.copyOf(all);
        }

        @Override
        public Set<SignalNeed> needs() {
            return needs;
        }

        @Override
        public DMatrixRMaj signal(Boundary at) {
            DMatrixRMaj direct = copy(comparison.direct().signal(RestrictedBoundary.of(at, comparison.direct().needs())));
            DMatrixRMaj unified = copy(comparison.unified().signal(RestrictedBoundary.of(at, comparison.unified().needs())));
            DMatrixRMaj allowed = comparison.allowance().apply(RestrictedBoundary.of(at, comparison.allowanceNeeds()));
            tally.add(direct, unified, allowed);
            return direct;
        }
    }

    /** Two training steps with the column's pair at every hidden boundary. */
    static Tally run(Recipe recipe, Column column) {
        Compute compute = Compute.sequential();
        Network network = recipe.architecture().build(new RandomStreams(recipe.seed()), compute);
        Tally tally = new Tally();
        Method method = new Method() {
            @Override
            public String name() {
                return "table-one-" + column.name().toLowerCase(java.util.Locale.ROOT);
            }

            @Override
            public List<ErrorSignal> assign(NetworkShape shape, MethodContext context) {
                List<ErrorSignal> signals = new ArrayList<>();
                for (int k = 1; k <= shape.boundaries(); k++) {
                    Comparison c = comparison(column, k, shape, context, recipe);
                    tally.comparisons.add(c);
                    signals.add(new Paired(c, tally));
                }
                return signals;
            }
        };
        Sgd sgd = new Sgd(0.05, 0);
        TrainingStep step = new TrainingStep(network, recipe.loss(), method, sgd,
                new MethodContext(new RandomStreams(recipe.seed()).child("method"), sgd, compute));
        RandomGenerator data = new RandomStreams(recipe.seed()).startOf("data");
        for (int s = 0; s < 2; s++) {
            DMatrixRMaj x = new DMatrixRMaj(recipe.batch(), recipe.inputs());
            for (int i = 0; i < x.getNumElements(); i++) {
                x.data[i] = 2 * data.nextDouble() - 1;
            }
            DMatrixRMaj y = new DMatrixRMaj(recipe.batch(), recipe.outputs());
            for (int r = 0; r < recipe.batch(); r++) {
                if (recipe.softmax()) {
                    y.set(r, data.nextInt(recipe.outputs()), 1.0);
                } else {
                    for (int c = 0; c < recipe.outputs(); c++) {
                        y.set(r, c, 2 * data.nextDouble() - 1);
                    }
                }
            }
            step.run(x, y);
        }
        return tally;
    }

    static Comparison comparison(Column column, int k, NetworkShape shape, MethodContext context, Recipe recipe) {
        int width = shape.boundaryWidth(k);
        int outputs = shape.outputWidth();
        double eta = recipe.perturbs(column) ? recipe.perturbation() : 0;
        switch (column) {
            case BPROP: {
                int n = shape.widths().get(k + 1);
                ErrorSignal unified = eta == 0 ? TableOne.bprop()
                        : new ConspiringModuleSignal(ModuleOutput.identity(), ModuleTarget.NEGATIVE_UPSTREAM_PULLED_BACK,
                        ModuleLoss.NEGATIVE_INNER_PRODUCT, 0, 1 + eta);
                return new Comparison(new BackpropSignal(), unified, Set.of(SignalNeed.UPSTREAM_SIGNAL),
                        at -> chainAllowance(n, at.upstreamPreActivationError(), at.upstreamWeights()));
            }
            case FA: {
                DMatrixRMaj a = FeedbackMatrices.draw(context, k, width, shape.widths().get(k + 1), 1.0);
                return new Comparison(new FeedbackAlignmentSignal(a), TableOne.fa(scaled(a, eta), context.compute().blas()),
                        Set.of(SignalNeed.UPSTREAM_SIGNAL), at -> chainAllowance(a.numCols, at.upstreamPreActivationError(), a));
            }
            case DFA: {
                DMatrixRMaj a = FeedbackMatrices.draw(context, k, width, outputs, 1.0);
                return new Comparison(new DirectFeedbackSignal(a, context.compute()), TableOne.dfa(scaled(a, eta), context.compute().blas()),
                        Set.of(SignalNeed.OUTPUT_ERROR), at -> chainAllowance(outputs, at.outputError(), a));
            }
            case KICKBACK: {
                DMatrixRMaj ones = new DMatrixRMaj(width, outputs);
                Arrays.fill(ones.data, 0, ones.getNumElements(), 1.0);
                ErrorSignal direct = new Kickback().assign(shape, context).get(k - 1);
                ErrorSignal unified = eta == 0 ? TableOne.kickback(width, outputs, context.compute().blas())
                        : TableOne.dfa(scaled(ones, eta), context.compute().blas());
                return new Comparison(direct, unified, Set.of(SignalNeed.OUTPUT_ERROR),
                        at -> chainAllowance(outputs, at.outputError(), ones));
            }
            case SG:
            case CONDITIONED_SG: {
                boolean conditioned = column == Column.CONDITIONED_SG;
                Synthesizer synthesizer = synthesizer(k, width, conditioned ? outputs : 0, context, recipe, 0);
                Synthesizer other = eta == 0 ? synthesizer
                        : synthesizer(k, width, conditioned ? outputs : 0, context, recipe, eta);
                Set<SignalNeed> needs = conditioned ? Set.of(SignalNeed.OWN_ACTIVATION, SignalNeed.LABEL)
                        : Set.of(SignalNeed.OWN_ACTIVATION);
                return new Comparison(new SyntheticGradientSignal(synthesizer, conditioned, 1, 0),
                        TableOne.sg(other, conditioned), needs, at -> {
                            DMatrixRMaj allowed = forwardBound(synthesizer, at.activation(),
                                    conditioned ? at.targets() : null);
                            for (int i = 0; i < allowed.getNumElements(); i++) {
                                allowed.data[i] *= FACTOR;
                            }
                            return allowed;
                        });
            }
            case SG_PROP: {
                double alpha = recipe.alpha();
                Synthesizer synthesizer = synthesizer(k, width, outputs, context, recipe, 0);
                Synthesizer other = eta == 0 ? synthesizer : synthesizer(k, width, outputs, context, recipe, eta);
                return new Comparison(new SyntheticGradientSignal(synthesizer, true, 1, alpha),
                        TableOne.sgProp(other, 1, alpha),
                        Set.of(SignalNeed.OWN_ACTIVATION, SignalNeed.LABEL, SignalNeed.UPSTREAM_SIGNAL),
                        at -> propagationAllowance(synthesizer, at.activation(), at.targets(),
                                at.upstreamErrorCarriedBy(at.upstreamWeights()), 1, alpha));
            }
            default:
                throw new IllegalStateException(column.name());
        }
    }

    /** {@code a (1 + η)}, or {@code a} itself when {@code η = 0}. */
    private static DMatrixRMaj scaled(DMatrixRMaj a, double eta) {
        if (eta == 0) {
            return a;
        }
        DMatrixRMaj m = copy(a);
        for (int i = 0; i < m.getNumElements(); i++) {
            m.data[i] *= 1 + eta;
        }
        return m;
    }

    /**
     * The paper's linear SG {@code hA + yB + C} (a {@link NetworkSynthesizer} with no hidden layer, as the
     * rule builds it), its parameters drawn from {@code U(−1, 1)} (a zero-initialised SG would make the
     * comparison trivial), then multiplied by {@code 1 + η}.
     */
    static Synthesizer synthesizer(int k, int width, int labelWidth, MethodContext context, Recipe recipe, double eta) {
        Synthesizer s = new NetworkSynthesizer(width, labelWidth, List.of(), context.signalOptimizer(),
                context.random().child("boundary-" + k), context.compute());
        RandomGenerator random = new RandomStreams(recipe.seed()).startOf("synthesizer/boundary-" + k);
        for (Parameter p : s.parameters()) {
            for (int i = 0; i < p.value().getNumElements(); i++) {
                p.value().data[i] = (2 * random.nextDouble() - 1) * (1 + eta);
            }
        }
        return s;
    }

    /** Weight ({@code p × w}) and bias ({@code 1 × w}) of the linear synthesizer. */
    private static DMatrixRMaj[] linearParameters(Synthesizer s) {
        List<Parameter> ps = s.parameters();
        if (ps.size() != 2 || !ps.get(0).name().endsWith("weight") || !ps.get(1).name().endsWith("bias")) {
            throw new IllegalStateException("expected the linear synthesizer's weight and bias, got " + ps.size()
                    + " parameters");
        }
        return new DMatrixRMaj[] {ps.get(0).value(), ps.get(1).value()};
    }

    /** {@code E_fwd = γ_{p+1}(|[h, y]||W| + |b|)}, elementwise. */
    static DMatrixRMaj forwardBound(Synthesizer s, DMatrixRMaj h, DMatrixRMaj y) {
        DMatrixRMaj[] wb = linearParameters(s);
        DMatrixRMaj w = wb[0];
        DMatrixRMaj b = wb[1];
        int p = w.numRows;
        int width = h.numCols;
        DMatrixRMaj out = new DMatrixRMaj(h.numRows, w.numCols);
        for (int r = 0; r < h.numRows; r++) {
            for (int c = 0; c < w.numCols; c++) {
                double sum = Math.abs(b.get(0, c));
                for (int i = 0; i < p; i++) {
                    double in = i < width ? h.get(r, i) : y.get(r, i - width);
                    sum += Math.abs(in) * Math.abs(w.get(i, c));
                }
                out.set(r, c, gamma(p + 1) * sum);
            }
        }
        return out;
    }

    /** Four times {@code |λ|E_fwd + |α|E_pull + γ_3(|λ SG| + |α pull|)} (see the class comment). */
    static DMatrixRMaj propagationAllowance(Synthesizer s, DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj t, double lambda,
                                            double alpha) {
        DMatrixRMaj[] wb = linearParameters(s);
        DMatrixRMaj w = wb[0];
        DMatrixRMaj b = wb[1];
        int width = h.numCols;
        int p = w.numRows;
        int rows = h.numRows;
        DMatrixRMaj fwd = forwardBound(s, h, y);
        DMatrixRMaj sg = new DMatrixRMaj(rows, width);
        DMatrixRMaj v = new DMatrixRMaj(rows, width);
        DMatrixRMaj vErr = new DMatrixRMaj(rows, width);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < width; c++) {
                double sum = b.get(0, c);
                for (int i = 0; i < p; i++) {
                    sum += (i < width ? h.get(r, i) : y.get(r, i - width)) * w.get(i, c);
                }
                sg.set(r, c, sum);
                double d = sum - t.get(r, c);
                v.set(r, c, 2 * d);
                vErr.set(r, c, 2 * (fwd.get(r, c) + U * Math.abs(d)));
            }
        }
        DMatrixRMaj allowed = new DMatrixRMaj(rows, width);
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < width; j++) {
                double pull = 0;
                double pullAbs = 0;
                double pullErr = 0;
                for (int c = 0; c < width; c++) {
                    pull += v.get(r, c) * w.get(j, c);
                    pullAbs += Math.abs(v.get(r, c) * w.get(j, c));
                    pullErr += vErr.get(r, c) * Math.abs(w.get(j, c));
                }
                double pullBound = pullErr + gamma(width) * pullAbs;
                double each = Math.abs(lambda) * fwd.get(r, j) + Math.abs(alpha) * pullBound
                        + gamma(3) * (Math.abs(lambda) * (Math.abs(sg.get(r, j)) + fwd.get(r, j))
                        + Math.abs(alpha) * (Math.abs(pull) + pullBound));
                allowed.set(r, j, FACTOR * each);
            }
        }
        return allowed;
    }

    /** {@code 4 γ_{N+4} |t||A|ᵀ}. */
    static DMatrixRMaj chainAllowance(int n, DMatrixRMaj t, DMatrixRMaj a) {
        DMatrixRMaj m = new DMatrixRMaj(t.numRows, a.numRows);
        for (int r = 0; r < t.numRows; r++) {
            for (int c = 0; c < a.numRows; c++) {
                double s = 0;
                for (int j = 0; j < t.numCols; j++) {
                    s += Math.abs(t.get(r, j)) * Math.abs(a.get(c, j));
                }
                m.set(r, c, FACTOR * gamma(n + 4) * s);
            }
        }
        return m;
    }

    static double gamma(int k) {
        return k * U / (1 - k * U);
    }

    static DMatrixRMaj copy(DMatrixRMaj m) {
        DMatrixRMaj c = new DMatrixRMaj(m.numRows, m.numCols);
        System.arraycopy(m.data, 0, c.data, 0, m.getNumElements());
        return c;
    }

    // ------------------------------------------------------------------------------------- locking

    /** Whether the column's unified and direct forms have the printed profile and the same needs. */
    static boolean lockingAgrees(Column column, Comparison c) {
        LockingProfile printed = column.table.printedLocking();
        return printed.equals(LockingProfile.of(c.unified().needs())) && printed.equals(c.unified().locking())
                && printed.equals(c.direct().locking()) && c.direct().needs().equals(c.unified().needs());
    }

    // --------------------------------------------------------------------------------------- check

    @Override
    public Verdict check(Recipe recipe) {
        Map<String, Double> numbers = new LinkedHashMap<>();
        double margin = CAP;
        boolean lockingOk = true;
        for (Column column : Column.values()) {
            Tally tally = run(recipe, column);
            boolean locking = !tally.comparisons.isEmpty();
            for (Comparison c : tally.comparisons) {
                locking &= lockingAgrees(column, c);
            }
            lockingOk &= locking;
            String key = column.name().toLowerCase(java.util.Locale.ROOT);
            numbers.put(key + ".log10Slack", tally.slack);
            numbers.put(key + ".largestSignal", tally.largestSignal);
            numbers.put(key + ".entries", (double) tally.entries);
            numbers.put(key + ".lockingAgrees", locking ? 1.0 : 0.0);
            margin = Math.min(margin, tally.entries == 0 ? -CAP : tally.slack);
        }
        if (!lockingOk) {
            margin = -CAP;
        }
        return Verdict.byMargin(margin, recipe, numbers);
    }
}
