package org.errorprop.framework.training;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.linalg.Workspaces;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.network.Block;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Optimizer;
import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.signal.SignalNeed;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.state.StateWriter;
import org.errorprop.framework.state.Stateful;

/**
 * One update of a network from one batch, in the sequential schedule:
 * <ol>
 *   <li>forward pass in training mode, loss and {@code ∂L_i/∂p_i};</li>
 *   <li>the output block learns from the output error by the chain rule or, when the method places a
 *       signal at the output boundary ({@link Method#outputSignal}), from that signal's {@code δ̂_p},
 *       after which the signal learns (ADR-0008);</li>
 *   <li>from the top boundary down, the signal at boundary {@code k} gives {@code δ̂_k}, block
 *       {@code k} turns it into its local gradients {@code ∂L/∂W_k = h_{k-1}ᵀ (∂L/∂g_k)}, and only
 *       then the signal learns (synthesizers fit their target): {@code δ̂_k} may live in a workspace
 *       that learning reuses, so it is consumed first;</li>
 *   <li>gradients are divided by the batch size (the loss is the batch mean) and the optimiser
 *       updates every block the method trains.</li>
 * </ol>
 * When a block has no layer after its linear map, {@code ∂L/∂g_k} is {@code δ̂_k} itself; it is copied
 * before the signal learns, since learning may reuse the workspace {@code δ̂_k} lives in and the boundary
 * below still reads {@code ∂L/∂g_k}.
 * All gradients of a step are computed with the weights as they were before the step. Boundaries
 * below the lowest block the method trains are not visited (nothing there would use their signals).
 * Everything a step carries to the next (network, optimiser, signals, the epoch's probe sums) is
 * {@link Stateful}, so training can stop after any step and continue in a new process.
 * The step notes the first non-finite number it meets and carries on; {@link #divergenceIn} tells a schedule, which
 * decides whether to stop. It scans each signal {@code δ̂} as it is produced (batch × width, cheap beside the
 * products). Parameters are not scanned every step (about 3% of a step of the reference network): one made
 * non-finite by an update makes the next step's loss non-finite, and the step then scans the parameters before its
 * own update spreads the damage, to name the block; {@link #noteNonFiniteParameters} scans them on demand (the
 * schedule, at the end of each epoch, before it evaluates).
 */
public final class TrainingStep implements Stateful {
    private final Network network;
    private final Loss loss;
    private final Method method;
    private final List<ErrorSignal> signals;
    /** The signal at the output boundary, or null: the output block then learns by the chain rule. */
    private final ErrorSignal outputSignal;
    private final EnumSet<SignalNeed> outputSignalGrant;
    private final EnumSet<SignalNeed> outputLearningGrant;
    private final boolean[] trains;
    private final int lowestTrainedBlock;
    private final List<Parameter> trainedParameters;
    /** The block of each trained parameter, for naming a non-finite one. */
    private final int[] trainedParameterBlocks;
    private final Optimizer optimizer;
    private final StepBoundary boundary;
    private final DMatrixRMaj outputError = new DMatrixRMaj(1, 1);
    /** {@code ∂L/∂g_k} kept away from a learning signal's workspace (see the class comment). */
    private final DMatrixRMaj keptPreActivationError = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj[] hidden;
    private final SignalProbe probe;
    /** Per boundary, what its signal may read to compute δ̂, and to learn; fixed, so built once (no per-step sets). */
    private final EnumSet<SignalNeed>[] signalGrants;
    private final EnumSet<SignalNeed>[] learningGrants;
    /** The first non-finite number of the last step (null: none), where it was and its value. */
    private Divergence.Site nonFiniteSite;
    private int nonFiniteIndex;
    private double nonFiniteValue;

    public TrainingStep(Network network, Loss loss, Method method, OptimizerSpec optimizer, MethodContext context) {
        this(network, loss, method, optimizer, context, 1.0, null);
    }

    /**
     * With Jaderberg et al.'s stochastic updates: after each step, each trained block applies its update with
     * probability {@code updateProbability}, drawing from {@code updateCoin} ({@link StochasticUpdates}); with 1, the
     * step above. A run with a probability below 1 cannot be checkpointed.
     */
    public TrainingStep(Network network, Loss loss, Method method, OptimizerSpec optimizer, MethodContext context,
                        double updateProbability, org.apache.commons.math3.random.RandomGenerator updateCoin) {
        this.network = network;
        this.loss = loss;
        this.method = method;
        if (context.compute() != network.compute()) {
            throw new IllegalArgumentException("the method's signals must compute on the network's Compute");
        }
        this.signals = List.copyOf(method.assign(network.shape(), context));
        int blocks = network.shape().blocks();
        if (signals.size() != network.shape().boundaries()) {
            throw new IllegalStateException(method.name() + " assigned " + signals.size() + " signals to "
                    + network.shape().boundaries() + " boundaries");
        }
        this.outputSignal = method.outputSignal(network.shape(), context).orElse(null);
        if (outputSignal != null && (outputSignal.needs().contains(SignalNeed.UPSTREAM_SIGNAL)
                || outputSignal.learningNeeds().contains(SignalNeed.UPSTREAM_SIGNAL))) {
            throw new IllegalStateException(method.name() + " placed a signal that reads " + SignalNeed.UPSTREAM_SIGNAL
                    + " at the output boundary, where nothing is upstream");
        }
        this.outputSignalGrant = outputSignal == null ? null : grant(outputSignal.needs(), Set.of());
        this.outputLearningGrant = outputSignal == null ? null
                : grant(outputSignal.needs(), outputSignal.learningNeeds());
        this.trains = new boolean[blocks + 1];
        List<Parameter> trained = new ArrayList<>();
        List<Integer> trainedBlocks = new ArrayList<>();
        int lowest = blocks + 1;
        for (int k = 1; k <= blocks; k++) {
            trains[k] = method.trainsBlock(k, network.shape());
            if (trains[k]) {
                for (Parameter parameter : network.block(k).parameters()) {
                    trained.add(parameter);
                    trainedBlocks.add(k);
                }
                lowest = Math.min(lowest, k);
            }
        }
        this.lowestTrainedBlock = lowest;
        this.trainedParameters = List.copyOf(trained);
        this.trainedParameterBlocks = trainedBlocks.stream().mapToInt(Integer::intValue).toArray();
        this.optimizer = updateProbability >= 1 ? optimizer.attach(trainedParameters, network.compute())
                : org.errorprop.framework.optim.StochasticUpdates.attach(optimizer, byBlock(trained, trainedBlocks),
                        network.compute(), updateProbability, java.util.Objects.requireNonNull(updateCoin, "updateCoin"));
        this.boundary = new StepBoundary();
        this.hidden = new DMatrixRMaj[blocks];
        this.probe = new SignalProbe(network, outputSignal != null);
        this.signalGrants = grants(signals, false);
        this.learningGrants = grants(signals, true);
    }

    /** The trained parameters grouped by their block, bottom first. */
    private static List<List<Parameter>> byBlock(List<Parameter> parameters, List<Integer> blocks) {
        List<List<Parameter>> groups = new ArrayList<>();
        int current = -1;
        for (int i = 0; i < parameters.size(); i++) {
            if (blocks.get(i) != current) {
                groups.add(new ArrayList<>());
                current = blocks.get(i);
            }
            groups.get(groups.size() - 1).add(parameters.get(i));
        }
        return groups;
    }

    /** Per boundary (element {@code k-1} for boundary {@code k}), what its signal may read; with {@code learning}, to learn. */
    @SuppressWarnings("unchecked")
    static EnumSet<SignalNeed>[] grants(List<ErrorSignal> signals, boolean learning) {
        EnumSet<SignalNeed>[] grants = new EnumSet[signals.size()];
        for (int i = 0; i < grants.length; i++) {
            ErrorSignal signal = signals.get(i);
            grants[i] = grant(signal.needs(), learning ? signal.learningNeeds() : Set.of());
        }
        return grants;
    }

    private static EnumSet<SignalNeed> grant(Set<SignalNeed> needs, Set<SignalNeed> learningNeeds) {
        EnumSet<SignalNeed> set = EnumSet.noneOf(SignalNeed.class);
        set.addAll(needs);
        set.addAll(learningNeeds);
        return set;
    }

    public Method method() {
        return method;
    }

    /** The signal at boundary {@code k} (1-based). */
    public ErrorSignal signalAt(int k) {
        return signals.get(k - 1);
    }

    public List<ErrorSignal> signals() {
        return signals;
    }

    /** The signal at the output boundary, if the method placed one. */
    public Optional<ErrorSignal> outputSignal() {
        return Optional.ofNullable(outputSignal);
    }

    /** The diagnostics accumulated since the last call, and the weight norms now; resets the sums. */
    public EpochDiagnostics finishDiagnostics(int epoch) {
        return probe.finishEpoch(epoch);
    }

    /**
     * Everything a step leaves for the next: the network under {@code network}, the optimiser under
     * {@code optimizer}, the output signal under {@code output-signal}, the signal at boundary {@code k} under
     * {@code signal-k}, and the probe's sums of the epoch so far under {@code probe}.
     */
    @Override
    public void exportState(StateWriter out) {
        network.exportState(out.under("network"));
        optimizer.exportState(out.under("optimizer"));
        if (outputSignal != null) {
            outputSignal.exportState(out.under("output-signal"));
        }
        for (int k = 1; k <= signals.size(); k++) {
            signals.get(k - 1).exportState(out.under("signal-" + k));
        }
        probe.exportState(out.under("probe"));
    }

    @Override
    public void importState(StateReader in) {
        network.importState(in.under("network"));
        optimizer.importState(in.under("optimizer"));
        if (outputSignal != null) {
            outputSignal.importState(in.under("output-signal"));
        }
        for (int k = 1; k <= signals.size(); k++) {
            signals.get(k - 1).importState(in.under("signal-" + k));
        }
        probe.importState(in.under("probe"));
    }

    /**
     * The first non-finite number the last step met, in the order it looked: a trained parameter when the loss was
     * non-finite (block by block, from the bottom), else the loss, then the signals from the output boundary down;
     * or a parameter found by {@link #noteNonFiniteParameters} since. Empty when every one was finite.
     * {@code epoch} and {@code step} only label the result.
     */
    public Optional<Divergence> divergenceIn(int epoch, int step) {
        return nonFiniteSite == null ? Optional.empty()
                : Optional.of(new Divergence(epoch, step, nonFiniteSite, nonFiniteIndex, nonFiniteValue));
    }

    /** Trains on one batch; {@code inputs} and {@code targets} are not modified. */
    public StepResult run(DMatrixRMaj inputs, DMatrixRMaj targets) {
        return run(inputs, targets, false);
    }

    /**
     * Trains on one batch and, when {@code diagnose} is set, also measures every signal against the
     * true gradient (an extra backprop pass whose results are never used for the update).
     */
    public StepResult run(DMatrixRMaj inputs, DMatrixRMaj targets, boolean diagnose) {
        return run(inputs, targets, diagnose, 1.0);
    }

    /**
     * As {@link #run(DMatrixRMaj, DMatrixRMaj, boolean)}, with every learning rate of the step (the
     * network's and the signals' own) multiplied by {@code learningRateFactor}, for schedules. A factor
     * of 1 gives exactly the unscheduled step.
     */
    public StepResult run(DMatrixRMaj inputs, DMatrixRMaj targets, boolean diagnose, double learningRateFactor) {
        boundary.setLearningRateFactor(learningRateFactor);
        nonFiniteSite = null;
        int blocks = network.shape().blocks();
        DMatrixRMaj current = inputs;
        for (int k = 1; k <= blocks; k++) {
            current = network.block(k).forward(current, Mode.TRAIN);
            hidden[k - 1] = current;
        }
        DMatrixRMaj output = current;
        double value = loss.value(output, targets);
        if (!Double.isFinite(value)) {
            noteNonFiniteParameters();  // as the last update left them: a non-finite one is the cause
            noteNonFinite(Divergence.Site.LOSS, 0, value);
        }
        int correct = 0;
        for (int r = 0; r < output.numRows; r++) {
            if (loss.correct(output, targets, r)) {
                correct++;
            }
        }
        Workspaces.fit(outputError, output.numRows, output.numCols);
        loss.outputError(output, targets, outputError);

        if (diagnose) {
            probe.recordTrueGradients(outputError);
        }
        Block top = network.block(blocks);
        DMatrixRMaj upstream;
        if (outputSignal == null) {
            upstream = top.backwardToPreActivation(outputError);
            if (trains[blocks]) {
                top.linear().computeParameterGradients(upstream);
            }
        } else {
            boundary.pointAtOutput(blocks, output, targets, outputError);
            upstream = learnThrough(blocks, outputSignal, outputSignalGrant, outputLearningGrant, diagnose);
        }
        for (int k = blocks - 1; k >= 1 && k >= lowestTrainedBlock; k--) {
            boundary.pointAt(k, hidden[k - 1], targets, outputError, upstream, network.block(k + 1).linear());
            upstream = learnThrough(k, signals.get(k - 1), signalGrants[k - 1], learningGrants[k - 1], diagnose);
        }
        optimizer.step(learningRateFactor, 1.0 / output.numRows);  // the mean's gradient, scaled in the update pass
        return new StepResult(value, correct, output.numRows);
    }

    /**
     * Scans the trained parameters as they are now and, unless something non-finite was noted already, notes the
     * first non-finite one with its block (from the bottom), for {@link #divergenceIn}.
     */
    public void noteNonFiniteParameters() {
        if (nonFiniteSite != null) {
            return;
        }
        for (int j = 0; j < trainedParameters.size(); j++) {
            DMatrixRMaj value = trainedParameters.get(j).value();
            int at = firstNonFinite(value);
            if (at >= 0) {
                noteNonFinite(Divergence.Site.PARAMETER, trainedParameterBlocks[j], value.data[at]);
                return;
            }
        }
    }

    private void noteNonFinite(Divergence.Site site, int index, double value) {
        if (nonFiniteSite == null) {
            nonFiniteSite = site;
            nonFiniteIndex = index;
            nonFiniteValue = value;
        }
    }

    /** The index of the first NaN or infinite element of {@code m}, or -1. */
    static int firstNonFinite(DMatrixRMaj m) {
        double[] data = m.data;
        int size = m.getNumElements();
        for (int i = 0; i < size; i++) {
            if (!Double.isFinite(data[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * At boundary {@code k}, where {@link #boundary} points: the signal gives {@code δ̂_k}, block {@code k}
     * carries it to {@code ∂L/∂g_k} and its local gradients, and only then the signal learns ({@code δ̂_k} may
     * live in a workspace learning reuses). Returns {@code ∂L/∂g_k} for the boundary below.
     */
    private DMatrixRMaj learnThrough(int k, ErrorSignal signal, EnumSet<SignalNeed> signalGrant,
                                     EnumSet<SignalNeed> learningGrant, boolean diagnose) {
        boundary.grant(signalGrant);
        DMatrixRMaj delta = signal.signal(boundary);
        if (nonFiniteSite == null) {
            int at = firstNonFinite(delta);
            if (at >= 0) {
                noteNonFinite(Divergence.Site.SIGNAL, k, delta.data[at]);
            }
        }
        if (diagnose) {
            probe.compare(k, delta);
        }
        DMatrixRMaj upstream = carryThrough(network.block(k), delta, trains[k], keptPreActivationError);
        boundary.grant(learningGrant);
        signal.learn(boundary);
        if (diagnose) {
            probe.recordLearningLoss(k, signal.learningLoss());
        }
        return upstream;
    }

    /**
     * Block {@code block} carries the signal {@code delta} at its output down to {@code ∂L/∂g} at its linear map and,
     * when it {@code trains}, computes its local gradients (shared by both schedules). The result is kept apart from
     * {@code delta} (in {@code workspace} when the block has nothing after its linear map), since the signal's
     * learning may overwrite {@code delta}'s workspace.
     */
    static DMatrixRMaj carryThrough(Block block, DMatrixRMaj delta, boolean trains, DMatrixRMaj workspace) {
        DMatrixRMaj upstream = keptApart(block.backwardToPreActivation(delta), delta, workspace);
        if (trains) {
            block.linear().computeParameterGradients(upstream);
        }
        return upstream;
    }

    /**
     * {@code preActivationError}, or its copy in {@code workspace} when it is the signal {@code delta} itself: the
     * signal's learning may overwrite {@code delta}'s workspace.
     */
    private static DMatrixRMaj keptApart(DMatrixRMaj preActivationError, DMatrixRMaj delta, DMatrixRMaj workspace) {
        if (preActivationError != delta) {
            return preActivationError;
        }
        workspace.setTo(preActivationError);
        return workspace;
    }
}
