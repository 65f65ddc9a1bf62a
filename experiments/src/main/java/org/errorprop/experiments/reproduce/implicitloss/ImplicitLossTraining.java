package org.errorprop.experiments.reproduce.implicitloss;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.experiments.run.Trainer;
import org.errorprop.experiments.run.TrainingSetup;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.training.EvaluationPass;
import org.errorprop.framework.training.StepResult;
import org.errorprop.framework.training.TrainingListener;
import org.errorprop.methods.synthetic.SyntheticGradientOptions;
import org.errorprop.methods.synthetic.SyntheticGradientSignal;
import org.errorprop.methods.synthetic.SyntheticGradients;

/**
 * Trains one {@link RunConfig} full-batch on its grid ({@link Trainer#fullBatch}) and snapshots true and
 * reconstructed losses.
 *
 * <p>The network: 2 inputs, {@code hiddenLayers} ReLU layers of {@code hiddenWidth} units with biases and
 * no BatchNorm, 2 outputs. No BatchNorm because the paper's grid model is a plain "relu network" and
 * because BatchNorm would make each point's loss depend on the whole batch, blurring the per-point
 * picture. The streams: the grid from {@code "grid/<labelling>"}, the network from
 * {@code "network/<panel>-<layout>"}, so the three synthesizer variants of a configuration start from the
 * same network on the same data (a paired comparison).
 */
public final class ImplicitLossTraining {
    private final ImplicitLossSettings settings;
    private final RandomStreams random;
    private final Compute compute;

    /** @param random the experiment's streams ({@code new RandomStreams(seed).child("implicit-loss")}) */
    public ImplicitLossTraining(ImplicitLossSettings settings, RandomStreams random, Compute compute) {
        this.settings = settings;
        this.random = random;
        this.compute = compute;
    }

    public GridProblem problem(GridLabelling labelling) {
        return GridProblem.build(settings.gridSide(), labelling, random.startOf("grid/" + labelling.label()));
    }

    public RunRecord run(RunConfig config) {
        GridProblem problem = problem(config.panel().labelling());
        String networkName = config.panel().letter() + "-" + config.layout().name().toLowerCase(Locale.ROOT);
        SyntheticGradientOptions options = SyntheticGradientOptions.DEFAULTS.withSynthesizer(config.variant().synthesizer())
                .withPlacement(config.layout().placement(settings));
        Adam adam = Adam.withLearningRate(settings.learningRate());
        Trainer trainer = Trainer.start(new TrainingSetup(
                new Architecture(2, Collections.nCopies(settings.hiddenLayers(), settings.hiddenWidth()), 2,
                        Activation.RELU, true, false, false, Initializer.UNIFORM_FAN_IN),
                random.child("network/" + networkName), config.panel().loss(),
                SyntheticGradients.named(config.variant().method(), options),
                new MethodContext(random.child("method/" + config.key()), adam, compute), adam));
        List<Integer> snapshotAt = settings.snapshotIterations();
        double[] curve = new double[settings.steps()];
        List<Snapshot> snapshots = new ArrayList<>();
        trainer.fullBatch(problem.dataset(), settings.steps(), new TrainingListener() {
            @Override
            public void stepFinished(int t, int step, int stepsPerEpoch, StepResult result) {
                curve[t - 1] = result.loss();
                if (snapshotAt.contains(t)) {
                    snapshots.add(snapshot(t, trainer, config.panel().loss(), problem, config));
                }
            }
        });
        return new RunRecord(config, problem, curve, snapshots);
    }

    /** The true loss per point and, at each synthesizer, the loss it implies, on the whole grid in evaluation mode. */
    private Snapshot snapshot(int iteration, Trainer trainer, Loss loss, GridProblem problem, RunConfig config) {
        int blocks = trainer.network().shape().blocks();
        DMatrixRMaj[] layers = new DMatrixRMaj[blocks];
        EvaluationPass.layers(trainer.network(), problem.inputs(), blocks, problem.points(),
                (k, activations) -> layers[k - 1] = activations);
        double[] trueLoss = PerPointLoss.of(loss, layers[blocks - 1], problem.targets());
        Map<Integer, double[]> reconstructed = new LinkedHashMap<>();
        for (int k : config.layout().boundaries(settings)) {
            SyntheticGradientSignal signal = (SyntheticGradientSignal) trainer.step().signalAt(k);
            ImplicitQuadraticLoss implied = ImplicitQuadraticLoss.of(signal.synthesizer(), settings.hiddenWidth());
            reconstructed.put(k, implied.values(layers[k - 1], problem.targets()));
        }
        return Snapshot.of(iteration, trueLoss, reconstructed);
    }
}
