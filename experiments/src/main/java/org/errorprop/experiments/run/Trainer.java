package org.errorprop.experiments.run;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.state.StateArrays;
import org.errorprop.framework.training.EpochDiagnostics;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.SequentialTraining;
import org.errorprop.framework.training.StepResult;
import org.errorprop.framework.training.TrainingConfig;
import org.errorprop.framework.training.TrainingListener;
import org.errorprop.framework.training.TrainingOutcome;
import org.errorprop.framework.training.TrainingStep;

/**
 * The one way the experiments train a network: {@link #start} builds the network and its
 * {@link TrainingStep} from a {@link TrainingSetup}, then {@link #epochs} trains it on shuffled
 * mini-batches ({@link SequentialTraining}) or {@link #fullBatch} on a whole data set. What a caller
 * records on the way (curves, progress, snapshots) is a {@link TrainingListener}; what it reads after
 * (weights, signals) comes from {@link #network} and {@link #step}.
 */
public final class Trainer {
    private final TrainingSetup setup;
    private final Network network;
    private final TrainingStep step;

    private Trainer(TrainingSetup setup, Network network, TrainingStep step) {
        this.setup = setup;
        this.network = network;
        this.step = step;
    }

    /**
     * Builds the network from the setup's streams, computing where the rule's signals compute (the method
     * context's {@code Compute}), and the step that trains it with the setup's rule.
     */
    public static Trainer start(TrainingSetup setup) {
        return start(setup, 1.0);
    }

    /**
     * As {@link #start(TrainingSetup)}, each block updating after a step with probability {@code updateProbability}
     * (Jaderberg et al.'s stochastic updates), the coin from the setup's stream {@code "updates/coin"}.
     */
    public static Trainer start(TrainingSetup setup, double updateProbability) {
        Network network = setup.architecture().build(setup.random(), setup.methodContext().compute());
        return new Trainer(setup, network, new TrainingStep(network, setup.loss(), setup.method(), setup.optimizer(),
                setup.methodContext(), updateProbability,
                updateProbability >= 1 ? null : setup.random().startOf("updates/coin")));
    }

    public Network network() {
        return network;
    }

    public TrainingStep step() {
        return step;
    }

    /** The whole training state (network, optimiser, signals, the epoch's probe sums), for a checkpoint. */
    public StateArrays exportState() {
        StateArrays state = new StateArrays();
        step.exportState(state.writer());
        return state;
    }

    /** Sets the training state to {@code state}, which must fit this trainer exactly (names, types, sizes). */
    public void importState(StateArrays state) {
        step.importState(state.reader());
        state.requireAllRead();
    }

    /** {@link #epochs(DataSplit, TrainingConfig, int, LongSupplier, TrainingListener)} without probes, on the wall clock. */
    public RunResult epochs(DataSplit data, TrainingConfig config, TrainingListener listener) {
        return epochs(data, config, 0, System::nanoTime, listener);
    }

    /**
     * Trains for {@code config}'s epochs of shuffled mini-batches, the order from the setup's
     * {@code "data/shuffle"}, and evaluates on the test split after each. A non-finite loss, signal or parameter
     * stops the run: the result then holds the epochs before it and where it diverged.
     *
     * @param probeEvery measure the signals against the true gradients every this many steps; 0 never
     * @param clock      the wall clock in nanoseconds, for the epochs' times
     */
    public RunResult epochs(DataSplit data, TrainingConfig config, int probeEvery, LongSupplier clock,
                            TrainingListener listener) {
        return epochs(data, config, probeEvery, clock, listener, new RunResult(List.of(), List.of()));
    }

    /**
     * Continues a run after the epochs of {@code done}, this trainer holding the state after them
     * ({@link #importState}); the result holds {@code done}'s epochs first.
     */
    public RunResult epochs(DataSplit data, TrainingConfig config, int probeEvery, LongSupplier clock,
                            TrainingListener listener, RunResult done) {
        RecordingListener collecting = new RecordingListener(listener, done);
        TrainingOutcome outcome = new SequentialTraining(network, setup.loss(), step, setup.random(), clock,
                probeEvery).run(data, config, collecting, done.history());
        return new RunResult(outcome.history(), collecting.diagnostics(), outcome.divergence());
    }

    /**
     * Takes {@code steps} steps on the whole of {@code data}, its rows in their order. Each step is an
     * epoch of one batch for the listener ({@code stepFinished(t, 1, 1, result)} after step {@code t});
     * nothing is evaluated and every loss is reported, finite or not.
     */
    public void fullBatch(Dataset data, int steps, TrainingListener listener) {
        DMatrixRMaj inputs = data.inputs();
        DMatrixRMaj targets = data.targets();
        for (int t = 1; t <= steps; t++) {
            listener.stepFinished(t, 1, 1, step.run(inputs, targets));
        }
    }

    /** Steps of a whole run of {@code config} on a training split of {@code examples}, for progress bars. */
    public static long steps(TrainingConfig config, int examples) {
        return (long) config.epochs() * ((examples + config.batchSize() - 1) / config.batchSize());
    }
}
