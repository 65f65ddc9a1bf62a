package org.errorprop.experiments.reproduce.implicitloss;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.experiments.reproduce.Scale;

/**
 * What Figure 2 and Supp. Fig. 9 train at one scale. Every run is full-batch (all grid points every
 * step) with Adam at one learning rate for network and synthesizers, as the paper's Supp. C prescribes.
 *
 * @param gridSide         points per side of the grid on [-1, 1]² (the paper: unstated)
 * @param hiddenWidth      units per hidden ReLU layer (the paper: unstated)
 * @param hiddenLayers     hidden layers (the paper: 5, "5-hidden layer relu network")
 * @param singleSgBoundary where the single SG sits: boundary k is between hidden layers k and k+1
 * @param steps            training iterations per run
 * @param learningRate     Adam's learning rate for network and synthesizers (the paper: 3e-5)
 * @param snapshots        number of snapshots, log-spaced: iterations steps/2^(snapshots−1), ..., steps/2, steps
 */
public record ImplicitLossSettings(int gridSide, int hiddenWidth, int hiddenLayers, int singleSgBoundary, int steps,
                                   double learningRate, int snapshots) {

    public ImplicitLossSettings {
        if (singleSgBoundary < 1 || singleSgBoundary > hiddenLayers) {
            throw new IllegalArgumentException("the single SG must sit at a hidden boundary 1.." + hiddenLayers);
        }
        if (snapshots < 2 || steps >> (snapshots - 1) < 1) {
            throw new IllegalArgumentException(snapshots + " log-spaced snapshots do not fit into " + steps + " steps");
        }
    }

    public static ImplicitLossSettings forScale(Scale scale) {
        return switch (scale) {
            case SMOKE -> new ImplicitLossSettings(6, 8, 5, 3, 48, 3e-3, 3);
            case QUICK -> new ImplicitLossSettings(20, 32, 5, 3, 4000, 1e-3, 6);
            case FULL -> new ImplicitLossSettings(20, 32, 5, 3, 100_000, 3e-5, 8);
        };
    }

    /** The iterations after which a snapshot is taken, ascending; the last is {@link #steps}. */
    public List<Integer> snapshotIterations() {
        List<Integer> iterations = new ArrayList<>();
        for (int i = snapshots - 1; i >= 0; i--) {
            iterations.add(steps >> i);
        }
        return List.copyOf(iterations);
    }

    /**
     * The settings as a Markdown table, with why each setting the paper does not state was chosen and where
     * this scale departs from the paper.
     */
    public String markdownTable(org.errorprop.experiments.reproduce.Scale scale) {
        var table = new org.errorprop.experiments.report.MarkdownTable("setting", "ours (" + scale.label() + ")",
                "paper", "why");
        table.add("grid", gridSide + " × " + gridSide + " points on [-1, 1]²", "a 2-D grid, size unstated",
                "the image is the grid, one pixel per point; " + gridSide * gridSide + " points are enough to show the"
                        + " shape of a loss and keep full-batch steps cheap");
        table.add("labels", "noisy: side of a Gaussian-normal line through 0, 10% swapped; random: fair coins",
                "90% linearly separable + 10% randomly labelled; completely random",
                "the paper's Supp. C definition of noisy data (\"labels of 10% of samples swapped\")");
        table.add("network", "2 − " + hiddenLayers + " × " + hiddenWidth + " ReLU (biases, no BatchNorm) − 2",
                "5-hidden-layer ReLU network, width unstated",
                "width " + hiddenWidth + " is ample for a 2-D input; no BatchNorm so a point's loss depends on that"
                        + " point alone");
        table.add("outputs and losses", "2 outputs, one-hot targets; ½‖p − y‖² or softmax cross-entropy",
                "MSE, log loss", "binary labels one-hot encoded, as in the paper's Supp. C");
        table.add("single SG at", "boundary " + singleSgBoundary + " (between hidden layers " + singleSgBoundary + " and "
                        + (singleSgBoundary + 1) + ")", "unstated",
                "the middle of the hidden stack, as the paper places its single SG in the MNIST networks (11/12 of 20)");
        table.add("SG everywhere", "boundaries 1–" + hiddenLayers, "between every two layers", "");
        table.add("synthesizers", "linear, zero-initialised", "linear, zero-initialised", "");
        table.add("optimiser", "Adam, learning rate " + learningRate + " (network and SGs)", "Adam 3e-5",
                learningRate == 3e-5 ? "" : "a larger rate so that " + steps + " steps go as far as many more at 3e-5"
                        + " would (time budget)");
        table.add("batch", "full batch (all " + gridSide * gridSide + " points)", "unstated",
                "the picture is of the whole grid; full batch removes sampling noise from the comparison");
        table.add("steps", Integer.toString(steps), "unstated (Supp. Fig. 9: 100k)",
                steps == 100_000 ? "the 100k the paper names for Supp. Fig. 9" : "fewer than the paper's 100k (time budget)");
        table.add("snapshots", snapshotIterations().toString(), "several, over training",
                "log-spaced, so early training is resolved as well as late");
        table.add("tracking measure", "Pearson correlation of true loss and L̂ over the grid points", "visual",
                "affine-invariant, like the paper's per-image colour scale; L̂ is defined up to a constant");
        return table.text();
    }
}
