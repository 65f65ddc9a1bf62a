package org.errorprop.framework.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.LongSupplier;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.NetworkShape;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.LockingProfile;
import org.errorprop.framework.signal.Method;
import org.errorprop.framework.signal.MethodContext;

/**
 * The pipelined schedule: the network is cut at update-unlocked boundaries into stages ({@link StageCut}), and each
 * stage runs on its own thread ({@link PipelineStage}), handing activations up and synthesizer targets down over
 * queues. Stages meet at the start and end of every epoch, where the coordinator (the calling thread) evaluates.
 * The batches and their order are those of the sequential schedule (the stream {@code "data/shuffle"}); the numbers
 * are not reproducible bit for bit, because when a target arrives (and so when a synthesizer learns from it)
 * depends on the threads' timing. Report pipelined runs over seeds.
 *
 * <p>Stopping: an exception in a stage, a non-finite loss or signal, or an interrupt of the calling thread stops
 * every stage within a poll interval; the outcome keeps the epochs finished before.
 */
public final class PipelinedTraining {
    private final Network network;
    private final Loss loss;
    private final Method method;
    private final List<ErrorSignal> signals;
    private final StageCut cut;
    private final OptimizerSpec optimizer;
    private final PipelineSettings settings;
    private final RandomStreams random;
    private final LongSupplier nanoClock;

    public PipelinedTraining(Network network, Loss loss, Method method, MethodContext context, OptimizerSpec optimizer,
                             PipelineSettings settings, RandomStreams random, LongSupplier nanoClock) {
        if (context.compute() != network.compute()) {
            throw new IllegalArgumentException("the method's signals must compute on the network's Compute");
        }
        this.network = network;
        this.loss = loss;
        this.method = method;
        this.optimizer = optimizer;
        this.settings = settings;
        this.random = random;
        this.nanoClock = nanoClock;
        NetworkShape shape = network.shape();
        if (method.outputSignal(shape, context).isPresent()) {
            throw new InvalidInputException(method.name() + " places a signal at the output boundary, which the "
                    + "pipelined schedule does not support; use the sequential schedule");
        }
        this.signals = List.copyOf(method.assign(shape, context));
        requireAnUnlockedBoundary(method.name(), signals);
        this.cut = settings.boundaries().isPresent()
                ? StageCut.at(settings.boundaries().get(), shape, signals, method.name())
                : StageCut.at(StageCut.balanced(settings.stages(), blockCosts(shape), cutCost(shape),
                        signals, method.name()).boundaries(), shape, signals, method.name());
    }

    /**
     * Refuses, with one line from Table 1, a method whose every boundary is update locked: no block of it can
     * update before the layers above have run, so there is nothing to pipeline.
     */
    static void requireAnUnlockedBoundary(String method, List<ErrorSignal> signals) {
        if (!StageCut.unlockedBoundaries(signals).isEmpty()) {
            return;
        }
        if (signals.isEmpty()) {
            throw new InvalidInputException(method + ": a network without hidden boundaries has nothing to pipeline");
        }
        LockingProfile locking = signals.get(0).locking();
        String why = locking.backwardLocked()
                ? "its signals wait for the backward pass of the layers above (update and backward locked)"
                : "its signals need the output error, so no block updates before the whole forward pass and the "
                        + "loss exist (update locked; backward unlocked: the backward passes could overlap, the "
                        + "updates cannot)";
        throw new InvalidInputException(method + " is update locked at every boundary (Table 1): " + why
                + "; the pipelined schedule needs a synthetic gradient (sg, csg, sg-everywhere); use --schedule "
                + "sequential");
    }

    /** Block {@code k}'s work per step, in multiply-adds per example: its linear map (forward and two backward products). */
    static double[] blockCosts(NetworkShape shape) {
        double[] costs = new double[shape.blocks()];
        for (int k = 1; k <= shape.blocks(); k++) {
            costs[k - 1] = 3.0 * shape.widths().get(k - 1) * shape.widths().get(k);
        }
        return costs;
    }

    /**
     * The extra work of a stage below a cut, per example: a linear synthesizer on the boundary's activation (about
     * width² multiply-adds forward, twice that to learn). A rough figure: the cut only needs the order of magnitude.
     */
    private static double cutCost(NetworkShape shape) {
        int widest = 0;
        for (int k = 1; k <= shape.boundaries(); k++) {
            widest = Math.max(widest, shape.boundaryWidth(k));
        }
        return 3.0 * widest * widest;
    }

    public StageCut cut() {
        return cut;
    }

    public PipelinedOutcome run(DataSplit data, TrainingConfig config, TrainingListener listener) {
        BatchCursor.requireWidths(data, network.shape());
        int n = data.train().size();
        int stepsPerEpoch = (n + config.batchSize() - 1) / config.batchSize();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        RandomGenerator shuffle = random.startOf("data/shuffle");
        BatchCursor cursor = new BatchCursor(data.train(), config.batchSize());
        PipelineStage.BatchFeed feed = new PipelineStage.BatchFeed() {
            @Override
            public int batches() {
                return stepsPerEpoch;
            }

            @Override
            public int gather(int b) {
                return cursor.gather(order, b * config.batchSize());
            }

            @Override
            public DMatrixRMaj inputs() {
                return cursor.inputs();
            }

            @Override
            public DMatrixRMaj targets() {
                return cursor.targets();
            }
        };
        int stages = cut.stages();
        PipelineControl control = new PipelineControl(stages);
        List<BlockingQueue<PipelineStage.Forward>> up = new ArrayList<>();
        List<BlockingQueue<PipelineStage.Target>> down = new ArrayList<>();
        for (int s = 0; s + 1 < stages; s++) {
            up.add(new ArrayBlockingQueue<>(settings.queueCapacity()));
            // unbounded, so the stage above never waits on the stage below (which may wait on it): no deadlock;
            // its length is bounded anyway by the batches in flight between the two stages
            down.add(new LinkedBlockingQueue<>());
        }
        boolean[] trains = new boolean[network.shape().blocks() + 1];
        List<PipelineStage> stageList = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < stages; s++) {
            List<Parameter> parameters = new ArrayList<>();
            for (int k = cut.first(s); k <= cut.last(s); k++) {
                trains[k] = method.trainsBlock(k, network.shape());
                if (trains[k]) {
                    parameters.addAll(network.block(k).parameters());
                }
            }
            PipelineStage stage = new PipelineStage(s, cut, network, loss, signals, trains,
                    optimizer.attach(parameters, network.compute()), parameters, settings.updateProbability(),
                    settings.lockstep(),
                    random.startOf("pipeline/update-coin/stage-" + s), s == 0 ? null : up.get(s - 1),
                    s + 1 < stages ? up.get(s) : null, s + 1 < stages ? down.get(s) : null,
                    s == 0 ? null : down.get(s - 1), control, nanoClock, s == 0 ? feed : null, listener, stepsPerEpoch);
            stageList.add(stage);
            Thread thread = new Thread(stage, "errorprop-stage-" + s);
            thread.setDaemon(true);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        List<EpochMetrics> history = new ArrayList<>();
        double trainingSeconds = 0;
        long samples = 0;
        boolean stoppedByCaller = false;
        try {
            for (int epoch = 1; epoch <= config.epochs() && !control.stopped(); epoch++) {
                BatchCursor.shuffle(order, shuffle);
                long start = nanoClock.getAsLong();
                if (!meet(control) || !meet(control)) {
                    break;
                }
                double seconds = (nanoClock.getAsLong() - start) / 1e9;
                Optional<Divergence> parameters = nonFiniteParameter(stageList, epoch, stepsPerEpoch);
                if (parameters.isPresent()) {
                    control.diverged(parameters.get());
                    break;
                }
                trainingSeconds += seconds;
                samples += n;
                double[] sums = stageList.get(stages - 1).epochSums();
                Evaluation test = Evaluation.of(network, loss, data.test(), Math.max(config.batchSize(), 256));
                EpochMetrics metrics = new EpochMetrics(epoch, sums[0] / sums[2], sums[1] / sums[2], test.loss(),
                        test.accuracy(), seconds);
                history.add(metrics);
                listener.epochFinished(metrics);
                listener.epochCompleted(epoch);
            }
            control.finish();
            if (!control.stopped()) {
                meet(control);
            }
        } catch (InterruptedException e) {
            stoppedByCaller = true;
            control.stop();
            Thread.currentThread().interrupt();
        } finally {
            control.stop();
            join(threads);
        }
        Optional<Throwable> failure = control.failure();
        if (failure.isPresent()) {
            if (failure.get() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure.get() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(failure.get());
        }
        List<StageMetrics> metrics = stageList.stream().map(PipelineStage::metrics).toList();
        return new PipelinedOutcome(new TrainingOutcome(history, control.divergence()), cut, metrics, trainingSeconds,
                samples, stoppedByCaller);
    }

    /** The coordinator's side of a meeting at the phaser; false when the run was stopped. */
    private static boolean meet(PipelineControl control) throws InterruptedException {
        int phase = control.epochs().arrive();
        if (phase < 0) {
            return false;
        }
        return control.epochs().awaitAdvanceInterruptibly(phase) >= 0 && !control.stopped();
    }

    private static Optional<Divergence> nonFiniteParameter(List<PipelineStage> stages, int epoch, int step) {
        for (PipelineStage stage : stages) {
            for (Parameter parameter : stage.parameters()) {
                int i = TrainingStep.firstNonFinite(parameter.value());
                if (i >= 0) {
                    return Optional.of(new Divergence(epoch, step, Divergence.Site.PARAMETER, stage.firstBlock(),
                            parameter.value().data[i]));
                }
            }
        }
        return Optional.empty();
    }

    private static void join(List<Thread> threads) {
        for (Thread thread : threads) {
            try {
                thread.join(10_000);
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
