package org.errorprop.framework.training;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.network.Block;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Optimizer;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.SignalNeed;

/**
 * One stage of the pipelined schedule, run on its own thread: blocks {@code first .. last} of the network. Per
 * batch it runs its blocks forward, hands the output (and the labels) to the stage above, takes {@code δ̂} at its
 * top boundary from the cut's synthesizer at once, carries it down through its blocks (signals inside the stage
 * work as in the sequential step), sends the stage below the target of that stage's synthesizer, and updates its
 * parameters. Targets for its own synthesizer arrive later from the stage above; it learns from each, with the
 * activation and labels it sent, as soon as it sees it (between batches, and while it waits). The top stage
 * instead computes the loss and starts the backward pass from the true output error.
 */
final class PipelineStage implements Runnable {
    /** How long a wait lasts before the stage looks again whether it should stop. */
    private static final long POLL_MILLIS = 20;

    enum Kind { BATCH, EPOCH_END }

    /** What goes up: a batch's activation at the cut and its labels, or the end of an epoch. */
    record Forward(long batch, DMatrixRMaj activation, DMatrixRMaj targets, Kind kind) {
    }

    /** What comes down: the pulled-back target of a batch, for the synthesizer at the cut below the sender. */
    record Target(long batch, DMatrixRMaj pulledBack) {
    }

    /** A batch sent up whose target has not come back: what the synthesizer learns from when it does. */
    private record Pending(DMatrixRMaj activation, DMatrixRMaj targets) {
    }

    private final int index;
    private final int first;
    private final int last;
    private final boolean top;
    private final Network network;
    private final Loss loss;
    private final List<ErrorSignal> signals;
    private final boolean[] trains;
    private final Optimizer optimizer;
    private final List<Parameter> parameters;
    private final double updateProbability;
    private final boolean lockstep;
    private final RandomGenerator updateCoin;
    private final BlockingQueue<Forward> input;
    private final BlockingQueue<Forward> output;
    private final BlockingQueue<Target> targetsFromAbove;
    private final BlockingQueue<Target> targetsToBelow;
    private final PipelineControl control;
    private final LongSupplier nanoClock;
    private final BatchFeed feed;
    private final TrainingListener listener;
    private final int stepsPerEpoch;
    private final StepBoundary boundary = new StepBoundary();
    private final DeliveredTargetBoundary delivered = new DeliveredTargetBoundary();
    private final EnumSet<SignalNeed>[] signalGrants;
    private final EnumSet<SignalNeed>[] learningGrants;
    private final Map<Long, Pending> pending = new HashMap<>();
    private final DMatrixRMaj[] hidden;
    private final DMatrixRMaj outputError = new DMatrixRMaj(1, 1);
    private final DMatrixRMaj keptPreActivationError = new DMatrixRMaj(1, 1);
    private final StageMetrics.Counters counters = new StageMetrics.Counters();
    private int epoch;
    private int stepInEpoch;
    private double lossSum;
    private long correct;
    private long examples;

    /** The stage 0's source of batches: the epoch's shuffled order, set by the coordinator before each epoch. */
    interface BatchFeed {
        /** The number of batches of the epoch. */
        int batches();

        /** Gathers batch {@code b} of the epoch into workspaces and returns its size. */
        int gather(int b);

        DMatrixRMaj inputs();

        DMatrixRMaj targets();
    }

    PipelineStage(int index, StageCut cut, Network network, Loss loss, List<ErrorSignal> signals, boolean[] trains,
                  Optimizer optimizer, List<Parameter> parameters, double updateProbability, boolean lockstep,
                  RandomGenerator updateCoin, BlockingQueue<Forward> input, BlockingQueue<Forward> output,
                  BlockingQueue<Target> targetsFromAbove, BlockingQueue<Target> targetsToBelow,
                  PipelineControl control, LongSupplier nanoClock, BatchFeed feed, TrainingListener listener,
                  int stepsPerEpoch) {
        this.index = index;
        this.first = cut.first(index);
        this.last = cut.last(index);
        this.top = index == cut.stages() - 1;
        this.network = network;
        this.loss = loss;
        this.signals = signals;
        this.trains = trains;
        this.optimizer = optimizer;
        this.parameters = parameters;
        this.updateProbability = updateProbability;
        this.lockstep = lockstep;
        this.updateCoin = updateCoin;
        this.input = input;
        this.output = output;
        this.targetsFromAbove = targetsFromAbove;
        this.targetsToBelow = targetsToBelow;
        this.control = control;
        this.nanoClock = nanoClock;
        this.feed = feed;
        this.listener = listener;
        this.stepsPerEpoch = stepsPerEpoch;
        this.hidden = new DMatrixRMaj[network.shape().blocks() + 1];
        this.signalGrants = TrainingStep.grants(signals, false);
        this.learningGrants = TrainingStep.grants(signals, true);
    }

    @Override
    public void run() {
        try {
            while (control.epochs().arriveAndAwaitAdvance() >= 0 && !control.stopped() && !control.finished()) {
                epoch++;
                stepInEpoch = 0;
                lossSum = 0;
                correct = 0;
                examples = 0;
                if (!runEpoch() || control.epochs().arriveAndAwaitAdvance() < 0) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            control.stop();
        } catch (RuntimeException | Error e) {
            control.fail(e);
        }
    }

    /** One epoch's batches, then its end: passed up, and every target of it learned. False when stopped. */
    private boolean runEpoch() throws InterruptedException {
        if (index == 0) {
            for (int b = 0; b < feed.batches() && !control.stopped(); b++) {
                int size = feed.gather(b);
                step(feed.inputs(), feed.targets().copy(), size);
            }
        } else {
            while (true) {
                Forward message = take();
                if (message == null) {
                    return false;
                }
                if (message.kind() == Kind.EPOCH_END) {
                    break;
                }
                step(message.activation(), message.targets(), message.targets().numRows);
            }
        }
        if (!top && !put(new Forward(-1, null, null, Kind.EPOCH_END))) {
            return false;
        }
        while (!pending.isEmpty()) {
            if (!learnArrivedTargets(true)) {
                return false;
            }
        }
        return !control.stopped();
    }

    private void step(DMatrixRMaj inputs, DMatrixRMaj targets, int size) throws InterruptedException {
        long start = nanoClock.getAsLong();
        stepInEpoch++;
        long batch = counters.steps++;
        DMatrixRMaj current = inputs;
        for (int k = first; k <= last; k++) {
            current = network.block(k).forward(current, Mode.TRAIN);
            hidden[k] = current;
        }
        DMatrixRMaj upstream;
        if (top) {
            upstream = startFromTheLoss(current, targets);
            if (upstream == null) {
                return;
            }
        } else {
            DMatrixRMaj sent = current.copy();
            pending.put(batch, new Pending(sent, targets));
            counters.busyNanos += nanoClock.getAsLong() - start;
            counters.queueDepth(output.size());
            if (!put(new Forward(batch, sent, targets, Kind.BATCH))) {
                return;
            }
            start = nanoClock.getAsLong();
            ErrorSignal cutSignal = signals.get(last - 1);
            boundary.pointAt(last, current, targets, null, null, null);
            boundary.grant(signalGrants[last - 1]);
            DMatrixRMaj delta = cutSignal.signal(boundary);
            if (!finite(delta, Divergence.Site.SIGNAL, last)) {
                return;
            }
            upstream = TrainingStep.carryThrough(network.block(last), delta, trains[last], keptPreActivationError);
        }
        for (int k = last - 1; k >= first; k--) {
            boundary.pointAt(k, hidden[k], targets, top ? outputError : null, upstream, network.block(k + 1).linear());
            upstream = learnThrough(k, upstream);
            if (upstream == null) {
                return;
            }
        }
        if (targetsToBelow != null) {
            DMatrixRMaj target = network.block(first).linear().carryDown(upstream,
                    network.block(first).linear().weight().value()).copy();
            targetsToBelow.put(new Target(batch, target));
        }
        if (updateProbability >= 1 || updateCoin.nextDouble() < updateProbability) {
            optimizer.step(1.0, 1.0 / size);  // the batch mean's gradient, scaled in the update pass as the sequential step does
            counters.updates++;
        }
        counters.busyNanos += nanoClock.getAsLong() - start;
        learnArrivedTargets(false);
        while (lockstep && !pending.isEmpty() && !control.stopped()) {
            learnArrivedTargets(true);
        }
    }

    /** The top stage: loss, output error and the backward pass through the output block; null when it diverged. */
    private DMatrixRMaj startFromTheLoss(DMatrixRMaj output, DMatrixRMaj targets) {
        double value = loss.value(output, targets);
        if (!Double.isFinite(value)) {
            control.diverged(new Divergence(epoch, stepInEpoch, Divergence.Site.LOSS, 0, value));
            return null;
        }
        int right = 0;
        for (int r = 0; r < output.numRows; r++) {
            if (loss.correct(output, targets, r)) {
                right++;
            }
        }
        lossSum += value * output.numRows;
        correct += right;
        examples += output.numRows;
        org.errorprop.framework.linalg.Workspaces.fit(outputError, output.numRows, output.numCols);
        loss.outputError(output, targets, outputError);
        Block block = network.block(last);
        DMatrixRMaj upstream = block.backwardToPreActivation(outputError);
        if (trains[last]) {
            block.linear().computeParameterGradients(upstream);
        }
        listener.stepFinished(epoch, stepInEpoch, stepsPerEpoch, new StepResult(value, right, output.numRows));
        return upstream;
    }

    /** As the sequential step's: the signal at {@code k} gives δ̂, block k carries it, then the signal learns. */
    private DMatrixRMaj learnThrough(int k, DMatrixRMaj upstreamOfK) {
        ErrorSignal signal = signals.get(k - 1);
        boundary.grant(signalGrants[k - 1]);
        DMatrixRMaj delta = signal.signal(boundary);
        if (!finite(delta, Divergence.Site.SIGNAL, k)) {
            return null;
        }
        DMatrixRMaj upstream = TrainingStep.carryThrough(network.block(k), delta, trains[k], keptPreActivationError);
        boundary.grant(learningGrants[k - 1]);
        signal.learn(boundary);
        return upstream;
    }

    /**
     * Lets the cut's synthesizer learn from every target that has arrived; when {@code wait}, waits (a while) for
     * one first. False when the run stopped.
     */
    private boolean learnArrivedTargets(boolean wait) throws InterruptedException {
        if (targetsFromAbove == null) {
            return !control.stopped();
        }
        Target target;
        if (wait) {
            long start = nanoClock.getAsLong();
            target = targetsFromAbove.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            counters.idleNanos += nanoClock.getAsLong() - start;
            if (target == null) {
                return !control.stopped();
            }
        } else {
            target = targetsFromAbove.poll();
        }
        long start = nanoClock.getAsLong();
        while (target != null) {
            Pending sent = pending.remove(target.batch());
            if (sent == null) {
                throw new IllegalStateException("stage " + index + " got a target for batch " + target.batch()
                        + ", which it never sent or learned from already");
            }
            ErrorSignal cutSignal = signals.get(last - 1);
            delivered.pointAt(last, sent.activation(), sent.targets(), target.pulledBack(), learningGrants[last - 1]);
            cutSignal.learn(delivered);
            // how many later batches this stage ran before the target of this one came back (0: in time for the next)
            counters.staleness(counters.steps - 1 - target.batch());
            target = targetsFromAbove.poll();
        }
        counters.busyNanos += nanoClock.getAsLong() - start;
        return !control.stopped();
    }

    /** The next message from below, learning arrived targets while waiting; null when the run stopped. */
    private Forward take() throws InterruptedException {
        while (!control.stopped()) {
            long start = nanoClock.getAsLong();
            Forward message = input.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
            counters.idleNanos += nanoClock.getAsLong() - start;
            if (message != null) {
                return message;
            }
            learnArrivedTargets(false);
        }
        return null;
    }

    /** Hands {@code message} up, learning arrived targets while the queue is full; false when the run stopped. */
    private boolean put(Forward message) throws InterruptedException {
        while (!control.stopped()) {
            long start = nanoClock.getAsLong();
            boolean sent = output.offer(message, POLL_MILLIS, TimeUnit.MILLISECONDS);
            counters.blockedNanos += nanoClock.getAsLong() - start;
            if (sent) {
                return true;
            }
            learnArrivedTargets(false);
        }
        return false;
    }

    private boolean finite(DMatrixRMaj m, Divergence.Site site, int at) {
        int i = TrainingStep.firstNonFinite(m);
        if (i >= 0) {
            control.diverged(new Divergence(epoch, stepInEpoch, site, at, m.data[i]));
            return false;
        }
        return true;
    }

    /** The top stage's sums of the epoch: loss × examples, correct, examples. */
    double[] epochSums() {
        return new double[] {lossSum, correct, examples};
    }

    StageMetrics metrics() {
        return counters.snapshot(index, first, last);
    }

    /** The parameters this stage updates, for the coordinator's scan at the end of an epoch. */
    List<Parameter> parameters() {
        return parameters;
    }

    /** The stage's first block. */
    int firstBlock() {
        return first;
    }
}
