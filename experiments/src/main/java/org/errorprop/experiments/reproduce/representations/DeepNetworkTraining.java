package org.errorprop.experiments.reproduce.representations;

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
 * (the single SG at {@link RepresentationSettings#sgBoundary}), with the experiments' {@link Trainer}.
 * All four start from the same weights and see the same batches: the weights come from the master
 * seed's {@code "init/..."} streams and the order from {@code "data/shuffle"} of the child family
 * {@code "representations/networks"}, whatever the method.
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

    /** One trained network and its final accuracies. */
    private record TrainedRun(Network network, TrainedNetworks.FinalAccuracy accuracy) {
    }

    private static TrainedNetworks train(ReproductionContext context) {
        RepresentationSettings settings = RepresentationSettings.forScale(context.scale());
        RandomStreams random = new RandomStreams(context.seed());
        DataSplit data = trainingData(settings, context.digits(), random);
        Dataset train = data.train();
        TrainingConfig config = new TrainingConfig(settings.epochs(), settings.batchSize());
        Map<StudiedMethod, Network> networks = new EnumMap<>(StudiedMethod.class);
        Map<StudiedMethod, TrainedNetworks.FinalAccuracy> finals = new EnumMap<>(StudiedMethod.class);
        long totalSteps = Trainer.steps(config, train.size()) * StudiedMethod.values().length;
        try (Progress progress = context.progress("fig3/supp8: training " + settings.hiddenLayers()
                + "-layer networks", totalSteps)) {
            // The four networks are independent runs: trained side by side, bit for bit as one after another.
            IndependentRuns.map(List.of(StudiedMethod.values()), IndependentRuns.defaultWorkers(), method -> {
                RandomStreams streams = random.child("representations/networks");
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
                        progress.message(String.format(Locale.ROOT, "%s epoch %d: test accuracy %.3f",
                                method.label(), metrics.epoch(), metrics.testAccuracy()));
                    }
                }).requireComplete().last();
                return new TrainedRun(trainer.network(), new TrainedNetworks.FinalAccuracy(last.trainAccuracy(),
                        last.testAccuracy()));
            }, (method, run) -> {
                networks.put(method, run.network());
                finals.put(method, run.accuracy());
            });
        }
        return new TrainedNetworks(settings, networks, finals);
    }
}
