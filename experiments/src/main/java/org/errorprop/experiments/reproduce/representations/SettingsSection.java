package org.errorprop.experiments.reproduce.representations;

import java.util.List;
import java.util.Locale;
import org.errorprop.experiments.report.MarkdownTable;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.Scale;
import org.errorprop.experiments.reproduce.StudiedMethod;

/**
 * The Markdown that tells a reader what ran: the settings of the deep networks and the probes beside the
 * paper's, with the reason for each setting the paper leaves open or this scale changes, and how well
 * each network learned.
 */
final class SettingsSection {
    private SettingsSection() {
    }

    static String settingsTable(RepresentationSettings s, Scale scale) {
        MarkdownTable table = new MarkdownTable("setting", "this run (" + scale.label() + ")", "paper", "why");
        table.add("hidden layers", Integer.toString(s.hiddenLayers()), "20",
                scale == Scale.SMOKE ? "smoke: a tiny network that runs in seconds" : "the paper's depth");
        table.add("units per hidden layer", Integer.toString(s.width()), "512",
                s.width() == 512 ? "the paper's width"
                        : "narrower so that four 20-layer networks train within the time budget");
        table.add("layer", "linear (no bias) → BatchNorm → ReLU; linear softmax output", "ReLU + BatchNorm",
                "the paper does not say whether BatchNorm comes before or after the ReLU; errorprop normalises "
                        + "the pre-activation, and BatchNorm's shift makes a bias redundant");
        table.add("single SG", "boundary " + s.sgBoundary() + " (between layers " + s.sgBoundary() + " and "
                        + (s.sgBoundary() + 1) + ")", "between layers 11 and 12",
                "linear, zero-initialised, label-conditioned (csg), as the paper's Supp. C");
        table.add("SG everywhere", "a linear csg at every hidden boundary", "an SG between every pair of layers", "");
        table.add("DFA", "fixed random feedback from the output error to every hidden layer", "DFA", "");
        table.add("training digits", s.trainPerClass() == 0 ? "all embedded training digits (7,996)"
                        : s.trainPerClass() + " per class, drawn at random",
                "MNIST train", "the embedded 10,000-digit MNIST subset is the default data; inputs in [0, 1]");
        table.add("optimiser", "Adam, learning rate " + s.learningRateText() + " (network and synthesizers); SG"
                        + " everywhere " + s.sgEverywhereLearningRateText(), "Adam 3e-5",
                s.learningRate() == 3e-5 && s.sgEverywhereLearningRate() == 3e-5 ? "the paper's"
                        : "larger than the paper's so that " + s.epochs() + " epochs train the networks; "
                                + "at 3e-5 they would need far more steps than the budget allows. SG everywhere "
                                + "needs the smaller rate: at the others' its network outruns its lower "
                                + "synthesizers and stayed at 35-56% test accuracy (paper-notes/decisions/ADR-0011)");
        table.add("epochs × batch", s.epochs() + " × " + s.batchSize(), "not stated",
                "batch 64 is errorprop's default; the epochs are what the time budget allows at this scale");
        table.add("RDM sample", s.rdmPerClass() + " test digits per class (" + s.rdmSampleSize()
                + "), drawn at random, sorted by label", "400 test digits sorted by label",
                "the paper does not say how the 400 were chosen; a class-balanced draw makes equal diagonal blocks");
        table.add("classifier probe", "softmax regression on standardised units with L2 penalty "
                        + String.format(Locale.ROOT, "%.0e", s.probeL2()) + ", full batch, L-BFGS from zero weights to "
                        + String.format(Locale.ROOT, "‖gradient‖₂ ≤ %.0e", s.probeTolerance()) + " (at most "
                        + s.probeIterations() + " steps), on the networks' training digits",
                "linear classifier, train accuracy", "the paper gives no probe training details; trained to "
                        + "convergence so that the accuracy measures the layer, not the optimiser; the probe sees "
                        + "every training digit so that it has many more points than units");
        table.add("regressor probe", "exact least squares (affine) from the layer to the 784 pixels, training MSE",
                "linear regressor, MSE", "least squares is the probe's optimum, free of optimiser settings");
        return table.text();
    }

    static String accuracyTable(TrainedNetworks networks, Iterable<StudiedMethod> methods) {
        MarkdownTable table = new MarkdownTable("method", "train accuracy (last epoch)", "test accuracy");
        for (StudiedMethod method : methods) {
            TrainedNetworks.FinalAccuracy a = networks.accuracy(method);
            table.add(method.label(), percent(a.train()), percent(a.test()));
        }
        return table.text();
    }

    /**
     * One decimal ("98.5%"); two from 99% on, where the probes' 99.9% criterion is decided ("99.90%",
     * "99.97%"); a fraction below 1 never reads "100.00%".
     */
    static String percent(double fraction) {
        if (fraction >= 0.99 && fraction < 1) {
            return String.format(Locale.ROOT, "%.2f%%", Math.min(99.99, 100 * fraction));
        }
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    /**
     * One honest paragraph: which findings did not hold at this scale, and whether a network learned so
     * little (test accuracy under half of backprop's) that its layers describe a barely trained model.
     */
    static String caveats(List<Claim> claims, TrainedNetworks networks, Iterable<StudiedMethod> methods, Scale scale) {
        StringBuilder text = new StringBuilder();
        double backprop = networks.accuracy(StudiedMethod.BACKPROP).test();
        for (StudiedMethod method : methods) {
            double test = networks.accuracy(method).test();
            if (test < 0.5 * backprop) {
                text.append(String.format(Locale.ROOT, "The %s network learned little in this budget (test accuracy "
                        + "%s against backprop's %s), so its curves describe a barely trained network. ",
                        method.label(), percent(test), percent(backprop)));
            }
        }
        List<String> failed = claims.stream().filter(c -> !c.holds()).map(Claim::finding).toList();
        if (failed.isEmpty()) {
            text.append("Every finding holds at the ").append(scale.label()).append(" scale.");
        } else {
            text.append("Not reproduced at the ").append(scale.label()).append(" scale (see the claims table for "
                    + "our figures): ").append(String.join("; ", failed)).append('.');
        }
        return text.append("\n\n").toString();
    }
}
