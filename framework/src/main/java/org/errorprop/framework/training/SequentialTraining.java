package org.errorprop.framework.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.commons.math3.random.RandomGenerator;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.random.RandomStreams;

/**
 * The sequential schedule: one thread, epochs of shuffled mini-batches, each step run to completion
 * before the next. Deterministic: the same network, method, data and seed give the same numbers bit
 * for bit. The order of examples comes from the stream {@code "data/shuffle"} alone (a Fisher-Yates
 * shuffle per epoch), so two methods trained with one seed see the same batches. A step that meets a non-finite
 * loss, signal or parameter ({@link TrainingStep#divergenceIn}) ends the run: the outcome then holds the epochs
 * finished before it and where it diverged.
 */
public final class SequentialTraining {
    private final Network network;
    private final Loss loss;
    private final TrainingStep step;
    private final RandomStreams random;
    private final LongSupplier nanoClock;
    private final int probeEvery;

    /**
     * @param nanoClock the wall clock in nanoseconds ({@code System::nanoTime} in production; tests may
     *                  pass a fake one so that recorded times are reproducible too)
     */
    public SequentialTraining(Network network, Loss loss, TrainingStep step, RandomStreams random,
                              LongSupplier nanoClock) {
        this(network, loss, step, random, nanoClock, 0);
    }

    /**
     * @param probeEvery measure the signals against the true gradients every this many steps (the
     *                   first step of each epoch included); 0 never. Probing never changes the numbers
     *                   of the training itself.
     */
    public SequentialTraining(Network network, Loss loss, TrainingStep step, RandomStreams random,
                              LongSupplier nanoClock, int probeEvery) {
        if (probeEvery < 0) {
            throw new InvalidInputException("the probe interval must be 0 (off) or positive, was " + probeEvery);
        }
        this.probeEvery = probeEvery;
        this.network = network;
        this.loss = loss;
        this.step = step;
        this.random = random;
        this.nanoClock = nanoClock;
    }

    public TrainingOutcome run(DataSplit data, TrainingConfig config, TrainingListener listener) {
        return run(data, config, listener, List.of());
    }

    /**
     * Continues a run after its first {@code done.size()} epochs, which measured {@code done}, with the network,
     * step and signals in their state after those epochs (imported from a checkpoint). The data order is rebuilt
     * by replaying those epochs' shuffles, so the rest is what the run would have done had it never stopped.
     * The outcome's history is the whole run's, {@code done} first.
     */
    public TrainingOutcome run(DataSplit data, TrainingConfig config, TrainingListener listener,
                               List<EpochMetrics> done) {
        if (done.size() > config.epochs()) {
            throw new InvalidInputException("the run is configured for " + config.epochs() + " epochs but "
                    + done.size() + " are done already");
        }
        BatchCursor.requireWidths(data, network.shape());
        int n = data.train().size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        RandomGenerator shuffle = random.startOf("data/shuffle");
        BatchCursor batches = new BatchCursor(data.train(), config.batchSize());
        int stepsPerEpoch = (n + config.batchSize() - 1) / config.batchSize();
        List<EpochMetrics> history = new ArrayList<>(done);
        for (int epoch = 1; epoch <= done.size(); epoch++) {
            BatchCursor.shuffle(order, shuffle);
        }
        for (int epoch = done.size() + 1; epoch <= config.epochs(); epoch++) {
            BatchCursor.shuffle(order, shuffle);
            long start = nanoClock.getAsLong();
            double lossSum = 0;
            long correct = 0;
            for (int s = 0; s < stepsPerEpoch; s++) {
                int size = batches.gather(order, s * config.batchSize());
                boolean probe = probeEvery > 0 && s % probeEvery == 0;
                StepResult result = step.run(batches.inputs(), batches.targets(), probe);
                Optional<Divergence> divergence = step.divergenceIn(epoch, s + 1);
                if (divergence.isPresent()) {
                    return new TrainingOutcome(history, divergence);
                }
                lossSum += result.loss() * size;
                correct += result.correct();
                listener.stepFinished(epoch, s + 1, stepsPerEpoch, result);
            }
            step.noteNonFiniteParameters();  // before they are evaluated
            Optional<Divergence> atEnd = step.divergenceIn(epoch, stepsPerEpoch);
            if (atEnd.isPresent()) {
                return new TrainingOutcome(history, atEnd);
            }
            double seconds = (nanoClock.getAsLong() - start) / 1e9;
            Evaluation test = Evaluation.of(network, loss, data.test(), Math.max(config.batchSize(), 256));
            EpochMetrics metrics = new EpochMetrics(epoch, lossSum / n, (double) correct / n, test.loss(),
                    test.accuracy(), seconds);
            history.add(metrics);
            listener.epochFinished(metrics);
            if (probeEvery > 0) {
                listener.diagnosticsFinished(step.finishDiagnostics(epoch));
            }
            listener.epochCompleted(epoch);
        }
        return new TrainingOutcome(history, Optional.empty());
    }
}
