package org.errorprop.experiments.reproduce.representations;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.errorprop.experiments.reproduce.IndependentRuns;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.experiments.reproduce.ReproductionContext;
import org.errorprop.experiments.reproduce.SharedResult;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.experiments.run.Trainer;
import org.errorprop.experiments.run.TrainingSetup;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.StepResult;
import org.errorprop.framework.training.TrainingConfig;
import org.errorprop.framework.training.TrainingListener;

/**
 * Trains the deep ReLU + BatchNorm networks of Figure 3 and Supp. Fig. 8 with each {@link StudiedMethod}
 * (the single SG at {@link RepresentationSettings#sgBoundary}), with the experiments' {@link Trainer},
 * {@link RepresentationSettings#seeds()} times each. Every run has its own initial weights and batch order:
 * the {@code "init/..."} and {@code "data/shuffle"} streams of the family
 * {@code "representations/networks/<method>/seed-<r>"} under the master seed, so no shape is shared through
 * a common initialisation.
 */
public final class DeepNetworkTraining {
    /** The memo key under which the networks are shared between {@code fig3} and {@code supp8}. */
    public static final SharedResult<TrainedNetworks> SHARED =
            new SharedResult<>("deep networks of fig3 and supp8", TrainedNetworks.class);

    private DeepNetworkTraining() {
    }

    /** The networks at the context's scale, trained on first request and remembered. */
    public static TrainedNetworks obtain(ReproductionContext context) {
        return context.shared(SHARED, () -> train(context));
    }

    /** The architecture: {@code depth} hidden blocks of linear map, BatchNorm, ReLU; a linear softmax output. */
    public static Architecture architecture(RepresentationSettings settings, int inputWidth, int outputWidth) {
        return new Architecture(inputWidth, Collections.nCopies(settings.hiddenLayers(), settings.width()),
                outputWidth, Activation.RELU, false, true, false, Initializer.UNIFORM_FAN_IN);
    }

    /** The training split at these settings: every digit, or a class-balanced random subset. */
    public static DataSplit trainingData(RepresentationSettings settings, DataSplit digits, RandomStreams random) {
        if (settings.trainPerClass() == 0) {
            return digits;
        }
        int[] chosen = DigitSample.balancedIndices(digits.train(), settings.trainPerClass(),
                random.startOf("representations/train-subset"));
        return new DataSplit(DigitSample.subset(digits.train(), chosen, digits.train().name() + " (subset)"),
                digits.test());
    }

    /** One trained network's state and its final accuracies, as the run store keeps them. */
    private record TrainedRun(org.errorprop.experiments.reproduce.StoredNetwork network,
                              TrainedNetworks.FinalAccuracy accuracy) implements java.io.Serializable {
    }

    /** One run to train: a method and a seed (1-based). */
    private record NetworkRun(StudiedMethod method, int seed) implements java.io.Serializable {
    }

    /** The random streams of one run: its own initial weights and batch order. */
    static RandomStreams runStreams(RandomStreams master, StudiedMethod method, int seed) {
        return master.child("representations/networks/" + method.fileLabel() + "/seed-" + seed);
    }

    /**
     * The network {@code method}'s run {@code seed} starts from, untrained: the control for claims that
     * training, not the architecture, shaped a representation.
     */
    public static Network initialNetwork(ReproductionContext context, StudiedMethod method, int seed) {
        RepresentationSettings settings = RepresentationSettings.forScale(context.scale());
        Dataset train = context.digits().train();
        return architecture(settings, train.inputWidth(), train.outputWidth())
                .build(runStreams(new RandomStreams(context.seed()), method, seed), context.compute());
    }

    private static TrainedNetworks train(ReproductionContext context) {
        RepresentationSettings settings = RepresentationSettings.forScale(context.scale());
        RandomStreams random = new RandomStreams(context.seed());
        DataSplit data = trainingData(settings, context.digits(), random);
        Dataset train = data.train();
        TrainingConfig config = new TrainingConfig(settings.epochs(), settings.batchSize());
        Map<StudiedMethod, List<Network>> networks = new EnumMap<>(StudiedMethod.class);
        Map<StudiedMethod, List<TrainedNetworks.FinalAccuracy>> finals = new EnumMap<>(StudiedMethod.class);
        List<NetworkRun> runs = new ArrayList<>();
        for (int seed = 1; seed <= settings.seeds(); seed++) {
            for (StudiedMethod method : StudiedMethod.values()) {
                runs.add(new NetworkRun(method, seed));
            }
        }
        long totalSteps = Trainer.steps(config, train.size()) * runs.size();
        try (Progress progress = context.progress("fig3/supp8: training " + settings.hiddenLayers()
                + "-layer networks", totalSteps)) {
            // The runs are independent: trained side by side, bit for bit as one after another.
            context.runs().map("fig3-supp8/networks", runs, IndependentRuns.defaultWorkers(), run -> {
                StudiedMethod method = run.method();
                RandomStreams streams = runStreams(random, method, run.seed());
                Adam adam = Adam.withLearningRate(settings.learningRate(method));
                Trainer trainer = Trainer.start(new TrainingSetup(
                        architecture(settings, train.inputWidth(), train.outputWidth()), streams,
                        LossFunction.SOFTMAX_CROSS_ENTROPY.loss(), method.create(settings.sgBoundary()),
                        new MethodContext(streams.child("method/" + method.name()), adam, context.compute()), adam));
                EpochMetrics last = trainer.epochs(data, config, new TrainingListener() {
                    @Override
                    public void stepFinished(int epoch, int s, int steps, StepResult result) {
                        progress.step();
                    }

                    @Override
                    public void epochFinished(EpochMetrics metrics) {
                        progress.message(String.format(Locale.ROOT, "%s seed %d epoch %d: test accuracy %.3f",
                                method.label(), run.seed(), metrics.epoch(), metrics.testAccuracy()));
                    }
                }).requireComplete().last();
                return new TrainedRun(org.errorprop.experiments.reproduce.StoredNetwork.of(trainer.network()),
                        new TrainedNetworks.FinalAccuracy(last.trainAccuracy(), last.testAccuracy()));
            }, (run, trained) -> {
                // the trained state in a network built as the run's was: the same bits, whether trained here or read
                Network network = initialNetwork(context, run.method(), run.seed());
                trained.network().restoreInto(network);
                networks.computeIfAbsent(run.method(), m -> new ArrayList<>()).add(network);
                finals.computeIfAbsent(run.method(), m -> new ArrayList<>()).add(trained.accuracy());
            });
        }
        return new TrainedNetworks(settings, networks, finals);
    }
}
