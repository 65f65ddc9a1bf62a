package org.errorprop.methods.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.BatchNorm;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.methods.contract.Rig;

/**
 * An independent model of the two synthesizer forms, in plain loops, with rounding-error bounds and
 * derivative bounds for the finite-difference and Table 1 tests. Not a test class.
 *
 * <p><b>The model.</b> {@link SigmoidSynthesizer}: {@code SG = d ∘ σ(hA) + yB + C}. {@link NetworkSynthesizer},
 * read from its parameter names (weight, optional bias, optional BatchNorm scale and shift, layer by layer):
 * {@code z = x W (+ b)}; on hidden layers BatchNorm <em>with the statistics of the batch at hand</em>
 * (per column: {@code μ = Σ_r z_r / n}, biased {@code σ² = Σ_r (z_r − μ)² / n},
 * {@code x̂ = (z − μ)/R} with {@code R = √(σ² + ε)}, {@code ε = BatchNorm.DEFAULT_EPSILON}, then
 * {@code p = γ x̂ + β}), then ReLU. So {@code SG} is a map of the whole batch: row {@code r} of the output
 * depends on every row of {@code h} through {@code μ} and {@code σ²}. {@link #checkModel} verifies the model
 * against the synthesizer's own {@code predict}, so a structural change fails loudly instead of voiding the
 * bounds.
 *
 * <p><b>Rounding.</b> Every bound here is a first-order running error analysis of the operations the
 * synthesizers perform (Higham, <i>Accuracy and Stability</i>, §3.1 and §3.3): a sum of {@code m} products
 * is within {@code γ_m Σ|terms|} of exact, {@code γ_m = mu/(1 − mu)}, {@code u = 2^-53}, whatever the
 * summation order; errors already present in an operand are carried through the exact derivative of the
 * operation. BatchNorm in batch mode needs care, because it divides by {@code R}:
 * <ul>
 *   <li>an input error {@code e_q} reaches {@code x̂_r} through the exact Jacobian
 *       {@code ∂x̂_r/∂z_q = (δ_rq − 1/n − x̂_r x̂_q / n)/R}, used entry by entry;</li>
 *   <li>its own rounding: the mean is within {@code γ_{n+1} Σ|z|/n}, which {@code z − μ} carries into
 *       {@code x̂} as {@code γ_{n+1} (Σ|z|/n)/R} (the cancellation of a column whose spread is small against
 *       its size); the sum of squares, the division, {@code + ε}, the square root, the reciprocal and the
 *       product {@code (z − μ)·(1/R)} add a relative {@code γ_{n+8}} to {@code x̂}; scale and shift
 *       {@code γ_2}.</li>
 * </ul>
 * The bounds use the actual {@code R} of every column at the point of evaluation, so they hold whatever
 * the batch spread; they grow like {@code 1/R}. The backward pass ({@code v ∂SG/∂h}) is analysed the same
 * way: its BatchNorm step {@code γ/R (g − (Σg + x̂ Σ g x̂)/n)} uses the computed {@code x̂} and {@code 1/R},
 * whose errors from the forward pass are carried in. Products of two error terms are neglected; every
 * public bound is multiplied by {@link #SECOND_ORDER} {@code = 2} to cover them (they are smaller than the
 * first-order terms by a factor of order {@code γ Σ|z| / (nR)}, below {@code 10⁻¹⁰} here).
 * The reference for "exact" is the function with the ReLU masks the computation took (both sides of every
 * comparison take the same ones; the finite-difference test makes sure they are the exact masks too).
 *
 * <p><b>Derivatives.</b> {@link #alongCoordinate} bounds the first three derivatives of every output
 * column (as a vector over the batch) as one entry {@code h_qj} moves by {@code t}, for the truncation error
 * of central differences, and decides whether any ReLU input can change sign on the interval. For BatchNorm
 * it writes {@code x̂ = √n · y/‖(y, √ε)‖} with {@code y = (z − μ)/√n} and uses the Legendre-polynomial
 * expansion of {@code 1/‖Y + tU‖} ({@code |P_k| ≤ 1}): {@code ‖D^k (y/‖(y,√ε)‖)[u,…,u]‖ ≤ 2·k!‖u‖^k/R^k},
 * with Banach's theorem (a symmetric multilinear form on a Hilbert space has the norm of its diagonal) for
 * the mixed terms of the chain rule, {@code R} bounded below on the interval by {@code R(x) − reach·sup‖y'‖}
 * (and by {@code √ε}). The sigmoid form uses {@code |σ'| ≤ 1/4}, {@code |σ''| ≤ 1/(6√3)}, {@code |σ'''| ≤ 1/8}.
 */
public final class SynthesizerBounds {
    private static final Compute COMPUTE = Compute.sequential();

    /** Unit roundoff {@code u = 2^-53}. */
    public static final double UNIT = Rig.EPS / 2;
    /** The allowance for the neglected products of error terms. */
    public static final double SECOND_ORDER = 2.0;
    private static final double BN_EPSILON = BatchNorm.DEFAULT_EPSILON;
    /** Bounds of {@code |σ'|, |σ''|, |σ'''|} over the real line. */
    private static final double[] SIGMOID_DERIVATIVE = {0.25, 1 / (6 * Math.sqrt(3)), 0.125};

    /** The synthesizer forms under test. */
    public enum Form {
        LINEAR(List.of()),
        MLP(List.of(5)),
        DEEP_MLP(List.of(4, 3)),
        SIGMOID(List.of());

        private final List<Integer> hidden;

        Form(List<Integer> hidden) {
            this.hidden = hidden;
        }

        /**
         * A fresh synthesizer as {@link SyntheticGradients} would build it from the boundary's streams
         * {@code random} (zero output layer; the sigmoid form's {@code A} from {@code "synthesizer/A"}).
         */
        public Synthesizer create(int width, int labelWidth, OptimizerSpec optimizer, RandomStreams random) {
            return this == SIGMOID ? new SigmoidSynthesizer(width, labelWidth, optimizer, random.startOf("synthesizer/A"), COMPUTE)
                    : new NetworkSynthesizer(width, labelWidth, hidden, optimizer, random, COMPUTE);
        }

        public boolean batchCoupled() {
            return !hidden.isEmpty();
        }
    }

    /** One layer of a network form: {@code z = x W (+ b)}, then (hidden layers) BatchNorm and ReLU. */
    private record Stage(DMatrixRMaj weight, DMatrixRMaj bias, DMatrixRMaj scale, DMatrixRMaj shift) {
        boolean hidden() {
            return scale != null;
        }
    }

    /**
     * One layer of a forward pass of the model: input {@code x}, {@code z}, and for hidden layers
     * {@code 1/R} per column, {@code x̂} and {@code p = γx̂ + β}; {@code e*} are first-order error bounds of
     * the synthesizer's computed values against the exact ones.
     */
    private static final class Layer {
        DMatrixRMaj x;
        DMatrixRMaj ex;
        DMatrixRMaj z;
        DMatrixRMaj ez;
        double[] inverse;
        DMatrixRMaj xhat;
        DMatrixRMaj exhat;
        DMatrixRMaj p;
        DMatrixRMaj ep;
    }

    /** The model's forward pass: layers (network form) or {@code z = hA}, {@code s = σ(z)} (sigmoid form). */
    private static final class Trace {
        final List<Layer> layers = new ArrayList<>();
        DMatrixRMaj h;
        DMatrixRMaj y;
        DMatrixRMaj z;
        DMatrixRMaj ez;
        DMatrixRMaj s;
        DMatrixRMaj es;
        DMatrixRMaj output;
        DMatrixRMaj error;
    }

    private final int width;
    private final int labelWidth;
    private final boolean sigmoid;
    private final List<Stage> stages = new ArrayList<>();
    /** SigmoidSynthesizer. */
    private DMatrixRMaj a;
    private DMatrixRMaj d;
    private DMatrixRMaj b;
    private DMatrixRMaj c;

    private SynthesizerBounds(Synthesizer synthesizer, int width, int labelWidth) {
        this.width = width;
        this.labelWidth = labelWidth;
        this.sigmoid = synthesizer instanceof SigmoidSynthesizer;
        List<Parameter> parameters = synthesizer.parameters();
        if (sigmoid) {
            for (Parameter p : parameters) {
                switch (suffix(p)) {
                    case "A" -> a = p.value();
                    case "d" -> d = p.value();
                    case "B" -> b = p.value();
                    case "C" -> c = p.value();
                    default -> throw unknown(parameters);
                }
            }
        } else if (synthesizer instanceof NetworkSynthesizer) {
            // Parameters come layer by layer: weight, [bias], [BatchNorm scale, shift].
            int j = 0;
            while (j < parameters.size()) {
                if (!suffix(parameters.get(j)).equals("weight")) {
                    throw unknown(parameters);
                }
                DMatrixRMaj weight = parameters.get(j++).value();
                DMatrixRMaj bias = null;
                DMatrixRMaj scale = null;
                DMatrixRMaj shift = null;
                if (j < parameters.size() && suffix(parameters.get(j)).equals("bias")) {
                    bias = parameters.get(j++).value();
                }
                if (j + 1 < parameters.size() && suffix(parameters.get(j)).equals("scale")
                        && suffix(parameters.get(j + 1)).equals("shift")) {
                    scale = parameters.get(j++).value();
                    shift = parameters.get(j++).value();
                }
                stages.add(new Stage(weight, bias, scale, shift));
            }
            for (int s = 0; s < stages.size(); s++) {
                if (stages.get(s).hidden() == (s == stages.size() - 1)) {
                    throw unknown(parameters); // BatchNorm on every layer but the output layer
                }
            }
        } else {
            throw new IllegalArgumentException("unknown synthesizer " + synthesizer.getClass());
        }
    }

    private static String suffix(Parameter p) {
        return p.name().substring(p.name().lastIndexOf('/') + 1);
    }

    private static IllegalStateException unknown(List<Parameter> parameters) {
        return new IllegalStateException("unexpected synthesizer structure: "
                + parameters.stream().map(Parameter::name).toList());
    }

    /** Reads the synthesizer's parameters live (values are referenced, not copied). */
    public static SynthesizerBounds of(Synthesizer synthesizer, int width, int labelWidth) {
        return new SynthesizerBounds(synthesizer, width, labelWidth);
    }

    /** Gives every parameter a value {@code U(−s/√rows, s/√rows)}, so no side of a comparison is trivially zero. */
    public static void randomize(Synthesizer synthesizer, SplittableRandom random, double scale) {
        for (Parameter p : synthesizer.parameters()) {
            DMatrixRMaj v = p.value();
            double bound = scale / Math.sqrt(v.numRows);
            for (int i = 0, n = v.getNumElements(); i < n; i++) {
                v.data[i] = (2 * random.nextDouble() - 1) * bound;
            }
        }
    }

    public static double gamma(int m) {
        return m * UNIT / (1 - m * UNIT);
    }

    /** Whether a row of {@code SG} depends on other rows of {@code h} (BatchNorm in batch mode). */
    public boolean batchCoupled() {
        return !sigmoid && stages.size() > 1;
    }

    // ------------------------------------------------------------------------------------ forward

    private Trace trace(DMatrixRMaj h, DMatrixRMaj y) {
        Trace t = new Trace();
        t.h = h;
        t.y = y;
        int rows = h.numRows;
        if (sigmoid) {
            t.z = new DMatrixRMaj(rows, width);
            t.ez = new DMatrixRMaj(rows, width);
            t.s = new DMatrixRMaj(rows, width);
            t.es = new DMatrixRMaj(rows, width);
            t.output = new DMatrixRMaj(rows, width);
            t.error = new DMatrixRMaj(rows, width);
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < width; k++) {
                    double z = 0;
                    double zAbs = 0;
                    for (int i = 0; i < width; i++) {
                        z += h.get(r, i) * a.get(i, k);
                        zAbs += Math.abs(h.get(r, i) * a.get(i, k));
                    }
                    double s = 1 / (1 + Math.exp(-z));
                    double ez = gamma(width) * zAbs;
                    // σ(z̃) moves by σ'(z)|Δz|; exp (1 ulp), 1 + e and the division add a relative γ_6 in
                    // either of the two algebraically equal forms 1/(1 + e^−z) and e^z/(1 + e^z).
                    double es = s * (1 - s) * ez + gamma(6) * s;
                    double out = 0;
                    double terms = 0;
                    for (int i = 0; b != null && i < labelWidth; i++) {
                        out += y.get(r, i) * b.get(i, k);
                        terms += Math.abs(y.get(r, i) * b.get(i, k));
                    }
                    out += d.get(0, k) * s + c.get(0, k);
                    terms += Math.abs(d.get(0, k) * s) + Math.abs(c.get(0, k));
                    t.z.set(r, k, z);
                    t.ez.set(r, k, ez);
                    t.s.set(r, k, s);
                    t.es.set(r, k, es);
                    t.output.set(r, k, out);
                    t.error.set(r, k, Math.abs(d.get(0, k)) * es + gamma(labelWidth + 2) * terms);
                }
            }
            return t;
        }
        DMatrixRMaj x = concatenated(h, y);
        DMatrixRMaj ex = new DMatrixRMaj(rows, x.numCols);
        for (Stage stage : stages) {
            Layer layer = new Layer();
            layer.x = x;
            layer.ex = ex;
            DMatrixRMaj w = stage.weight();
            int m = w.numRows;
            int cols = w.numCols;
            layer.z = new DMatrixRMaj(rows, cols);
            layer.ez = new DMatrixRMaj(rows, cols);
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < cols; k++) {
                    double z = 0;
                    double terms = 0;
                    double carried = 0;
                    for (int i = 0; i < m; i++) {
                        z += x.get(r, i) * w.get(i, k);
                        terms += Math.abs(x.get(r, i) * w.get(i, k));
                        carried += ex.get(r, i) * Math.abs(w.get(i, k));
                    }
                    if (stage.bias() != null) {
                        z += stage.bias().get(0, k);
                        terms += Math.abs(stage.bias().get(0, k));
                    }
                    layer.z.set(r, k, z);
                    layer.ez.set(r, k, carried + gamma(m + 1) * terms);
                }
            }
            t.layers.add(layer);
            if (!stage.hidden()) {
                t.output = layer.z;
                t.error = layer.ez;
                break;
            }
            batchNorm(layer, stage, rows, cols);
            x = new DMatrixRMaj(rows, cols);
            ex = new DMatrixRMaj(rows, cols);
            for (int i = 0; i < x.getNumElements(); i++) {
                x.data[i] = Math.max(layer.p.data[i], 0.0);
                ex.data[i] = layer.ep.data[i]; // ReLU is 1-Lipschitz
            }
        }
        return t;
    }

    /** BatchNorm with the batch's statistics, and the error bounds of the class comment. */
    private static void batchNorm(Layer layer, Stage stage, int rows, int cols) {
        layer.inverse = new double[cols];
        layer.xhat = new DMatrixRMaj(rows, cols);
        layer.exhat = new DMatrixRMaj(rows, cols);
        layer.p = new DMatrixRMaj(rows, cols);
        layer.ep = new DMatrixRMaj(rows, cols);
        for (int k = 0; k < cols; k++) {
            double mean = 0;
            double absolute = 0;
            for (int r = 0; r < rows; r++) {
                mean += layer.z.get(r, k);
                absolute += Math.abs(layer.z.get(r, k));
            }
            mean /= rows;
            double squares = 0;
            for (int r = 0; r < rows; r++) {
                double dev = layer.z.get(r, k) - mean;
                squares += dev * dev;
            }
            double inverse = 1.0 / Math.sqrt(squares / rows + BN_EPSILON);
            layer.inverse[k] = inverse;
            for (int r = 0; r < rows; r++) {
                layer.xhat.set(r, k, (layer.z.get(r, k) - mean) * inverse);
            }
            double meanError = gamma(rows + 1) * absolute / rows;
            double gammaK = stage.scale().get(0, k);
            double betaK = stage.shift().get(0, k);
            for (int r = 0; r < rows; r++) {
                double xr = layer.xhat.get(r, k);
                double carried = 0;
                for (int q = 0; q < rows; q++) {
                    double jacobian = ((r == q ? 1.0 : 0.0) - 1.0 / rows - xr * layer.xhat.get(q, k) / rows) * inverse;
                    carried += Math.abs(jacobian) * layer.ez.get(q, k);
                }
                double exhat = carried + meanError * inverse + gamma(rows + 8) * Math.abs(xr);
                layer.exhat.set(r, k, exhat);
                double p = gammaK * xr + betaK;
                layer.p.set(r, k, p);
                layer.ep.set(r, k, Math.abs(gammaK) * exhat + gamma(2) * (Math.abs(gammaK * xr) + Math.abs(betaK)));
            }
        }
    }

    /** {@code SG(h, y)} computed here in plain loops from the parameters, as the model says. */
    public DMatrixRMaj modelForward(DMatrixRMaj h, DMatrixRMaj y) {
        return trace(h, y).output;
    }

    /** A bound, per entry, of {@code |fl(SG(h, y)) − SG(h, y)|} for the synthesizer's (or the model's) evaluation. */
    public DMatrixRMaj forwardError(DMatrixRMaj h, DMatrixRMaj y) {
        return scaled(trace(h, y).error, SECOND_ORDER);
    }

    /**
     * Throws {@link IllegalStateException} unless {@code predicted} (the synthesizer's own {@code predict})
     * matches the model within twice {@link #forwardError} (each is within it of the exact value), so the
     * bounds are about the real thing.
     */
    public void checkModel(DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj predicted) {
        Trace t = trace(h, y);
        for (int i = 0; i < t.output.getNumElements(); i++) {
            double allowed = 2 * SECOND_ORDER * t.error.data[i];
            if (!(Math.abs(t.output.data[i] - predicted.data[i]) <= allowed)) {
                throw new IllegalStateException("the test's model of the synthesizer (" + stages.size()
                        + " layers, BatchNorm on the batch's statistics) gives " + t.output.data[i]
                        + " where predict gives " + predicted.data[i] + " (allowed " + allowed + ")");
            }
        }
    }

    // ----------------------------------------------------------------------------------- backward

    /** The model's {@code v ∂SG/∂h} and a bound of the synthesizer's error on it. */
    public record Pulled(DMatrixRMaj value, DMatrixRMaj error) {
    }

    /**
     * A bound, per entry, of {@code |fl(v ∂SG/∂h) − v ∂SG/∂h|} for the synthesizer's {@code pullBack} (and
     * {@code lossGradientWrtActivation}, which pulls back {@code v = 2(SG − t)}) at {@code (h, y)}, when the
     * computed {@code v} is within {@code vError} of the exact one. {@code ∂SG/∂h} is the Jacobian of the
     * batch map, BatchNorm's cross-example terms included.
     */
    public DMatrixRMaj pullBackError(DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj v, DMatrixRMaj vError) {
        return pullBack(h, y, v, vError).error();
    }

    /** {@code v ∂SG/∂h} computed here in plain loops, with the bound of {@link #pullBackError}. */
    public Pulled pullBack(DMatrixRMaj h, DMatrixRMaj y, DMatrixRMaj v, DMatrixRMaj vError) {
        Trace t = trace(h, y);
        int rows = h.numRows;
        if (sigmoid) {
            DMatrixRMaj p = new DMatrixRMaj(rows, width);
            DMatrixRMaj ep = new DMatrixRMaj(rows, width);
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < width; k++) {
                    double s = t.s.get(r, k);
                    double slope = s * (1 - s);
                    double dk = Math.abs(d.get(0, k));
                    double vk = v.get(r, k);
                    p.set(r, k, vk * d.get(0, k) * slope);
                    // v·d·s·(1 − s): three products and a subtraction; s(1 − s) moves by |1 − 2s| |Δs|.
                    ep.set(r, k, vError.get(r, k) * dk * slope + Math.abs(vk) * dk * Math.abs(1 - 2 * s) * t.es.get(r, k)
                            + gamma(4) * Math.abs(vk) * dk * slope);
                }
            }
            DMatrixRMaj[] carried = carriedDownWithValue(p, ep, a);
            return new Pulled(carried[0], scaled(carried[1], SECOND_ORDER));
        }
        DMatrixRMaj g = v;
        DMatrixRMaj eg = vError;
        for (int s = stages.size() - 1; s >= 0; s--) {
            Stage stage = stages.get(s);
            Layer layer = t.layers.get(s);
            if (stage.hidden()) {
                DMatrixRMaj[] through = batchNormBackward(layer, stage, g, eg);
                g = through[0];
                eg = through[1];
            }
            DMatrixRMaj[] carried = carriedDownWithValue(g, eg, stage.weight());
            g = carried[0];
            eg = carried[1];
        }
        DMatrixRMaj value = new DMatrixRMaj(rows, width);
        DMatrixRMaj error = new DMatrixRMaj(rows, width);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < width; k++) {
                value.set(r, k, g.get(r, k));
                error.set(r, k, SECOND_ORDER * eg.get(r, k));
            }
        }
        return new Pulled(value, error);
    }

    /** ReLU mask, then BatchNorm's batch-mode backward pass; returns the gradient at {@code z} and its error bound. */
    private static DMatrixRMaj[] batchNormBackward(Layer layer, Stage stage, DMatrixRMaj g, DMatrixRMaj eg) {
        int rows = g.numRows;
        int cols = g.numCols;
        DMatrixRMaj dz = new DMatrixRMaj(rows, cols);
        DMatrixRMaj edz = new DMatrixRMaj(rows, cols);
        for (int k = 0; k < cols; k++) {
            double[] dy = new double[rows];
            double[] edy = new double[rows];
            for (int r = 0; r < rows; r++) {
                boolean active = layer.p.get(r, k) > 0;
                dy[r] = active ? g.get(r, k) : 0.0;
                edy[r] = active ? eg.get(r, k) : 0.0;
            }
            double sum = 0;
            double sumError = 0;
            double sumAbs = 0;
            double sumX = 0;
            double sumXError = 0;
            double sumXAbs = 0;
            double propagated = 0;
            for (int r = 0; r < rows; r++) {
                double xr = layer.xhat.get(r, k);
                sum += dy[r];
                sumError += edy[r];
                sumAbs += Math.abs(dy[r]);
                sumX += dy[r] * xr;
                sumXError += edy[r] * Math.abs(xr) + Math.abs(dy[r]) * layer.exhat.get(r, k);
                sumXAbs += Math.abs(dy[r] * xr);
                propagated += Math.abs(xr) * layer.ez.get(r, k);
            }
            sumError += gamma(rows) * sumAbs;
            sumXError += gamma(rows) * sumXAbs;
            double inverse = layer.inverse[k];
            // 1/R: its own rounding (sum of squares, /n, + ε, √, reciprocal) and the input errors' effect,
            // ∂R/∂z_q = x̂_q / n.
            double inverseRelative = gamma(rows + 6) + propagated * inverse / rows;
            double gammaK = Math.abs(stage.scale().get(0, k));
            for (int r = 0; r < rows; r++) {
                double xr = layer.xhat.get(r, k);
                double term = dy[r] - (sum + xr * sumX) / rows;
                double termError = edy[r] + (sumError + Math.abs(xr) * sumXError + layer.exhat.get(r, k) * Math.abs(sumX)) / rows
                        + gamma(4) * (Math.abs(dy[r]) + (Math.abs(sum) + Math.abs(xr * sumX)) / rows);
                dz.set(r, k, stage.scale().get(0, k) * inverse * term);
                edz.set(r, k, gammaK * inverse * (termError + Math.abs(term) * inverseRelative)
                        + gamma(2) * gammaK * inverse * Math.abs(term));
            }
        }
        return new DMatrixRMaj[] {dz, edz};
    }

    /** {@code g Wᵀ} and its error bound {@code eg |W|ᵀ + γ_m |g| |W|ᵀ}. */
    private static DMatrixRMaj[] carriedDownWithValue(DMatrixRMaj g, DMatrixRMaj eg, DMatrixRMaj w) {
        DMatrixRMaj value = new DMatrixRMaj(g.numRows, w.numRows);
        for (int r = 0; r < g.numRows; r++) {
            for (int i = 0; i < w.numRows; i++) {
                double s = 0;
                for (int k = 0; k < w.numCols; k++) {
                    s += g.get(r, k) * w.get(i, k);
                }
                value.set(r, i, s);
            }
        }
        DMatrixRMaj carried = Rig.absTimesAbsTransposed(eg, w);
        DMatrixRMaj own = Rig.absTimesAbsTransposed(g, w);
        for (int i = 0; i < carried.getNumElements(); i++) {
            carried.data[i] += gamma(w.numCols) * own.data[i];
        }
        return new DMatrixRMaj[] {value, carried};
    }

    // -------------------------------------------------------------------------------- derivatives

    /**
     * Bounds, on an interval {@code t ∈ [−t₋, t₊]} of one input entry {@code h_qj + t}, of the derivatives of
     * every output column {@code k} as a vector over the batch: {@code first[k] ≥ sup‖∂SG_{·k}/∂t‖},
     * {@code second}, {@code third} likewise. {@code rows} lists the rows that can move at all (only
     * {@code q} unless the form is batch-coupled).
     */
    public record Derivatives(double[] first, double[] second, double[] third, int[] rows) {
    }

    /**
     * The derivative bounds for moving {@code h_qj} from {@code center} to {@code minus} and {@code plus}
     * (matrices equal to {@code center} except in that entry), or {@code null} when a ReLU input might change
     * sign on the interval or come within twice its rounding bound of zero at {@code center} or an end (then
     * neither the derivatives nor the masks are those of one smooth piece). For a ReLU input {@code p(t)}:
     * {@code |p(t) − ℓ(t)| ≤ t₊t₋/2 · sup|p''|}, {@code ℓ} the chord through the ends, and the model's
     * own values are within the rounding bound of exact.
     */
    public Derivatives alongCoordinate(DMatrixRMaj minus, DMatrixRMaj center, DMatrixRMaj plus, DMatrixRMaj y, int q,
                                       int j) {
        int rows = center.numRows;
        double x = center.get(q, j);
        double reach = Math.max(plus.get(q, j) - x, x - minus.get(q, j));
        if (sigmoid) {
            double[][] bounds = new double[3][width];
            for (int k = 0; k < width; k++) {
                double slope = Math.abs(a.get(j, k));
                for (int m = 0; m < 3; m++) {
                    bounds[m][k] = Math.abs(d.get(0, k)) * SIGMOID_DERIVATIVE[m] * Math.pow(slope, m + 1);
                }
            }
            return new Derivatives(bounds[0], bounds[1], bounds[2], new int[] {q});
        }
        Trace tc = trace(center, y);
        Trace tm = trace(minus, y);
        Trace tp = trace(plus, y);
        // Input columns: only column j moves, by t in row q: first derivative e_q, the others zero.
        int inputs = width + labelWidth;
        double[][] in = new double[3][inputs];
        in[0][j] = 1.0;
        for (int s = 0; s < stages.size(); s++) {
            Stage stage = stages.get(s);
            DMatrixRMaj w = stage.weight();
            double[][] z = new double[3][w.numCols];
            for (int k = 0; k < w.numCols; k++) {
                for (int i = 0; i < w.numRows; i++) {
                    for (int m = 0; m < 3; m++) {
                        z[m][k] += Math.abs(w.get(i, k)) * in[m][i];
                    }
                }
            }
            if (!stage.hidden()) {
                int[] moving = new int[batchCoupled() ? rows : 1];
                for (int r = 0; r < moving.length; r++) {
                    moving[r] = batchCoupled() ? r : q;
                }
                return new Derivatives(z[0], z[1], z[2], moving);
            }
            Layer lc = tc.layers.get(s);
            double[][] out = new double[3][w.numCols];
            for (int k = 0; k < w.numCols; k++) {
                // y = P z / √n with P the centring projection (norm 1, or 0 for a batch of one).
                double projection = rows > 1 ? 1.0 : 0.0;
                double b1 = projection * z[0][k] / Math.sqrt(rows);
                double b2 = projection * z[1][k] / Math.sqrt(rows);
                double b3 = projection * z[2][k] / Math.sqrt(rows);
                double r0 = (1 - 1e-9) / lc.inverse[k];
                double low = Math.max(Math.sqrt(BN_EPSILON) * (1 - 1e-9), r0 - reach * b1);
                double root = Math.sqrt(rows);
                double scale = Math.abs(stage.scale().get(0, k));
                out[0][k] = scale * root * 2 * b1 / low;
                out[1][k] = scale * root * (4 * b1 * b1 / (low * low) + 2 * b2 / low);
                out[2][k] = scale * root * (12 * b1 * b1 * b1 / (low * low * low) + 12 * b1 * b2 / (low * low)
                        + 2 * b3 / low);
                for (int r = 0; r < rows; r++) {
                    double pc = lc.p.get(r, k);
                    double pm = tm.layers.get(s).p.get(r, k);
                    double pp = tp.layers.get(s).p.get(r, k);
                    double rounding = 2 * SECOND_ORDER * Math.max(lc.ep.get(r, k),
                            Math.max(tm.layers.get(s).ep.get(r, k), tp.layers.get(s).ep.get(r, k)));
                    double margin = Math.min(Math.abs(pm), Math.abs(pp)) - reach * reach / 2 * out[1][k];
                    if (Math.signum(pm) != Math.signum(pp) || Math.signum(pc) != Math.signum(pp)
                            || Math.abs(pc) <= rounding || !(margin > rounding)) {
                        return null;
                    }
                }
            }
            in = out; // ReLU on one smooth piece: the mask only removes entries
        }
        throw new IllegalStateException("no output layer");
    }

    // ------------------------------------------------------------------------------------ helpers

    private static DMatrixRMaj scaled(DMatrixRMaj m, double factor) {
        DMatrixRMaj out = new DMatrixRMaj(m.numRows, m.numCols);
        for (int i = 0; i < m.getNumElements(); i++) {
            out.data[i] = factor * m.data[i];
        }
        return out;
    }

    private DMatrixRMaj concatenated(DMatrixRMaj h, DMatrixRMaj y) {
        int rows = h.numRows;
        DMatrixRMaj in = new DMatrixRMaj(rows, width + labelWidth);
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < width; k++) {
                in.set(r, k, h.get(r, k));
            }
            for (int k = 0; k < labelWidth; k++) {
                in.set(r, width + k, y.get(r, k));
            }
        }
        return in;
    }
}
