package org.errorprop.experiments.reproduce.representations;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.errorprop.experiments.reproduce.Scale;
import org.errorprop.experiments.reproduce.StudiedMethod;

/**
 * The settings behind Figure 3 (with Supp. Fig. 7's DFA row) and Supp. Fig. 8, one record per
 * {@link Scale}: the deep networks both figures study, how the RDMs sample the test digits, and how the
 * linear classifier probes are trained.
 *
 * @param hiddenLayers       depth of the studied networks (the paper: 20)
 * @param width              units per hidden layer (the paper: 512)
 * @param sgBoundary         where the single SG sits: boundary {@code k} is between layers {@code k} and
 *                           {@code k+1} (the paper: 11, "between layers 11 and 12")
 * @param trainPerClass      training digits per class, drawn at random; 0 means the whole training split
 * @param epochs             passes over those digits
 * @param batchSize          examples per step (the paper does not state it)
 * @param learningRate       Adam's learning rate for the networks and synthesizers of backprop, the single SG
 *                           and DFA (the paper: 3e-5)
 * @param sgEverywhereLearningRate the same for SG everywhere (the paper: one rate for all; ADR-0011)
 * @param rdmPerClass        test digits per class in the RDM sample (400 in all at 40 per class)
 * @param probeL2            the classifier probe's L2 penalty {@code λ} on its weights
 * @param probeTolerance     the probe's convergence criterion: gradient Euclidean norm at most this
 * @param probeIterations    the probe solver's cap on L-BFGS steps
 * @param seeds              independent runs per method, each from its own initial weights and batch order
 * @param probePerClass      training digits per class the probes see, one fixed random subset shared by every
 *                           network and the raw-pixel baseline; 0 means every training digit the networks saw
 * @param classifierProbeStride the classifier probe runs at layers 1, 2 and then every {@code stride}-th layer
 *                           (3, 5, ... at stride 2) and always at both sides of the SG and the last layer; 1 probes
 *                           every layer (the regressor probe, exact least squares, always runs at every layer)
 */
public record RepresentationSettings(int hiddenLayers, int width, int sgBoundary, int trainPerClass, int epochs,
                                     int batchSize, double learningRate, double sgEverywhereLearningRate,
                                     int rdmPerClass, double probeL2, double probeTolerance, int probeIterations,
                                     int seeds, int probePerClass, int classifierProbeStride) {

    public RepresentationSettings {
        if (hiddenLayers < 3 || sgBoundary < 1 || sgBoundary >= hiddenLayers) {
            throw new IllegalArgumentException("the single SG needs a boundary strictly inside the hidden stack: "
                    + sgBoundary + " of " + hiddenLayers + " layers");
        }
        if (width <= 0 || epochs <= 0 || batchSize <= 0 || rdmPerClass <= 1 || !(probeL2 > 0)
                || !(probeTolerance > 0) || probeIterations <= 0 || trainPerClass < 0 || !(learningRate > 0)
                || !(sgEverywhereLearningRate > 0) || probePerClass < 0 || classifierProbeStride < 1) {
            throw new IllegalArgumentException("settings must be positive: " + this);
        }
        if (seeds < 2) {
            throw new IllegalArgumentException("a mean ± sd needs at least 2 seeds, got " + seeds);
        }
    }

    /** The probe's penalty: small beside the loss, so that it decides only between near-equal separators. */
    static final double PROBE_L2 = 1e-4;
    /** Converged at {@code ‖∇‖₂ ≤ 1e-5}: the penalised loss is then within {@code ε²/(2λ) = 5e-7} of its minimum. */
    static final double PROBE_TOLERANCE = 1e-5;
    static final int PROBE_ITERATIONS = 3000;
    /** Full scale's passes over the 60,000 digits: what 12 depth-20 networks at width 512 can do in the budget. */
    static final int FULL_EPOCHS = 6;
    /**
     * Full scale's probe digits per class (20,000 in all). On the full MNIST the raw-pixel probe reached 99.78% of
     * 1,000 digits per class, 96.6% of 2,000 and 95.4% of 3,000 (one draw each, side measurement of this
     * session): 2,000 is the smallest of these at which a layer's 100% can stand out from the pixels.
     */
    static final int FULL_PROBE_PER_CLASS = 2000;
    /** Full scale's classifier probe at layers 1, 2, 5, 9, 11, 12, 13, 17, 20: 81 converged probes fit the budget. */
    static final int FULL_PROBE_STRIDE = 4;

    public static RepresentationSettings forScale(Scale scale) {
        return switch (scale) {
            case SMOKE -> new RepresentationSettings(4, 16, 2, 30, 1, 50, 1e-3, 1e-3, 4, PROBE_L2, PROBE_TOLERANCE,
                    500, 2, 0, 1);
            // quick: 3 seeds, the classifier probe at 12 of 20 layers so that fig3 + supp8 stay near 5 minutes
            case QUICK -> new RepresentationSettings(20, 128, 11, 0, 20, 64, 1e-3, 1e-4, 40, PROBE_L2, PROBE_TOLERANCE,
                    PROBE_ITERATIONS, 3, 0, 2);
            // full: the paper's width and data; Adam 1e-4 for backprop, single SG and DFA (paper-like: 3e-5 x 100
            // epochs does not fit the budget), SG everywhere at the paper's 3e-5 (at width 512, 1e-4 left it at
            // 41-57%: ADR-0011, changed after the full run at fd19e28); probes on 2,000 digits per class at 9 layers
            case FULL -> new RepresentationSettings(20, 512, 11, 0, FULL_EPOCHS, 64, 1e-4, 3e-5, 40, PROBE_L2,
                    PROBE_TOLERANCE, PROBE_ITERATIONS, 3, FULL_PROBE_PER_CLASS, FULL_PROBE_STRIDE);
        };
    }

    /** The last hidden layer, the one every RDM is compared with (the paper's layer 20). */
    public int lastLayer() {
        return hiddenLayers;
    }

    /** Test digits in the RDM sample. */
    public int rdmSampleSize() {
        return 10 * rdmPerClass;
    }

    String learningRateText() {
        return String.format(Locale.ROOT, "%.0e", learningRate);
    }

    /** Adam's rate for {@code method}'s network and synthesizers. */
    public double learningRate(StudiedMethod method) {
        return method == StudiedMethod.SG_EVERYWHERE ? sgEverywhereLearningRate : learningRate;
    }

    /** The hidden layers the classifier probe runs at, in order (see {@link #classifierProbeStride}). */
    public List<Integer> classifierProbeLayers() {
        TreeSet<Integer> layers = new TreeSet<>();
        for (int l = 1; l <= hiddenLayers; l += classifierProbeStride) {
            layers.add(l);
        }
        layers.addAll(List.of(1, 2, sgBoundary, sgBoundary + 1, hiddenLayers));
        return List.copyOf(layers);
    }

    String sgEverywhereLearningRateText() {
        return String.format(Locale.ROOT, "%.0e", sgEverywhereLearningRate);
    }
}
