package org.errorprop.experiments.reproduce.implicitloss;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.training.TrainingStep;
import org.errorprop.methods.synthetic.SyntheticGradientOptions;
import org.errorprop.methods.synthetic.SyntheticGradients;
import org.errorprop.methods.synthetic.SyntheticGradientSignal;

/**
 * Trains one {@link RunConfig} full-batch on its grid and snapshots true and reconstructed losses.
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

    /** @param random the experiment's streams ({@code new RandomStreams(seed).child("implicit-loss")}) */
    public ImplicitLossTraining(ImplicitLossSettings settings, RandomStreams random) {
        this.settings = settings;
        this.random = random;
    }

    public GridProblem problem(GridLabelling labelling) {
        return GridProblem.build(settings.gridSide(), labelling, random.stream("grid/" + labelling.label()));
    }

    public RunRecord run(RunConfig config) {
        GridProblem problem = problem(config.panel().labelling());
        String networkName = config.panel().letter() + "-" + config.layout().name().toLowerCase(java.util.Locale.ROOT);
        Network network = new Architecture(2, Collections.nCopies(settings.hiddenLayers(), settings.hiddenWidth()), 2,
                Activation.RELU, true, false, false, Initializer.UNIFORM_FAN_IN)
                .build(random.child("network/" + networkName));
        SyntheticGradientOptions options = SyntheticGradientOptions.DEFAULTS.withSynthesizer(config.variant().synthesizer())
                .withPlacement(config.layout().placement(settings));
        Adam adam = Adam.withLearningRate(settings.learningRate());
        Loss loss = config.panel().loss();
        TrainingStep step = new TrainingStep(network, loss,
                SyntheticGradients.named(config.variant().method(), options),
                adam, new MethodContext(random.child("method/" + config.key()), adam));
        List<Integer> snapshotAt = settings.snapshotIterations();
        double[] curve = new double[settings.steps()];
        List<Snapshot> snapshots = new java.util.ArrayList<>();
        for (int t = 1; t <= settings.steps(); t++) {
            curve[t - 1] = step.run(problem.inputs(), problem.targets()).loss();
            if (snapshotAt.contains(t)) {
                snapshots.add(snapshot(t, network, step, loss, problem, config));
            }
        }
        return new RunRecord(config, problem, curve, snapshots);
    }

    private Snapshot snapshot(int iteration, Network network, TrainingStep step, Loss loss, GridProblem problem,
                              RunConfig config) {
        int blocks = network.shape().blocks();
        DMatrixRMaj[] hidden = new DMatrixRMaj[blocks];
        DMatrixRMaj current = problem.inputs();
        for (int k = 1; k <= blocks; k++) {
            current = network.block(k).forward(current, Mode.EVAL).copy();
            hidden[k - 1] = current;
        }
        double[] trueLoss = PerPointLoss.of(loss, current, problem.targets());
        Map<Integer, double[]> reconstructed = new LinkedHashMap<>();
        for (int k : config.layout().boundaries(settings)) {
            SyntheticGradientSignal signal = (SyntheticGradientSignal) step.signalAt(k);
            ImplicitQuadraticLoss implied = ImplicitQuadraticLoss.of(signal.synthesizer(), settings.hiddenWidth());
            reconstructed.put(k, implied.values(hidden[k - 1], problem.targets()));
        }
        return Snapshot.of(iteration, trueLoss, reconstructed);
    }
}
