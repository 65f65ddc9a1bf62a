package org.errorprop.experiments.bench;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.framework.InvalidInputException;

/**
 * Predicts the pipelined schedule's throughput from per-stage times. A stage's time per batch is its blocks' product
 * work at a rate of {@code secondsPerFlop}, plus {@code cutSeconds} when it sits below a cut (its synthesizer, the
 * copies into and out of the queues). In a steady state with full queues the pipeline delivers one batch per
 * {@code max(slowest stage, total work / cores)}: the slowest stage sets the pace when every stage has a core of
 * its own, the cores do when stages share them. Queue waits do not appear: in a steady state only the faster
 * stages wait, and their waits are what the slowest stage's time leaves over.
 *
 * <p>Calibration ({@link #fit}) takes the two stages of a measured two-stage run: the top stage's busy time per batch
 * over its product work gives the rate, the stage below's busy time beyond its product work at that rate gives the
 * cost of a cut.
 *
 * @param secondsPerFlop seconds per floating-point operation of the products, as the stages ran them
 * @param cutSeconds     seconds per batch that a cut adds to the stage below it
 */
public record PipelineThroughputModel(double secondsPerFlop, double cutSeconds) {

    public PipelineThroughputModel {
        if (!(secondsPerFlop > 0) || !(cutSeconds >= 0)) {
            throw new IllegalArgumentException("a model needs a positive rate and a non-negative cut cost, got "
                    + secondsPerFlop + " s/flop and " + cutSeconds + " s");
        }
    }

    /**
     * From a two-stage run: {@code lowerSecondsPerBatch} and {@code upperSecondsPerBatch} are the stages' busy times
     * per batch, {@code lowerFlops} and {@code upperFlops} their product work per batch. A cut that measured cheaper
     * than nothing (noise) costs 0.
     */
    public static PipelineThroughputModel fit(double lowerSecondsPerBatch, double lowerFlops,
                                              double upperSecondsPerBatch, double upperFlops) {
        if (!(upperSecondsPerBatch > 0) || !(upperFlops > 0) || !(lowerFlops > 0)) {
            throw new InvalidInputException("the model needs both stages' busy times and work, got "
                    + lowerSecondsPerBatch + " s / " + lowerFlops + " flops and " + upperSecondsPerBatch + " s / "
                    + upperFlops + " flops");
        }
        double rate = upperSecondsPerBatch / upperFlops;
        return new PipelineThroughputModel(rate, Math.max(0, lowerSecondsPerBatch - rate * lowerFlops));
    }

    /** Each stage's predicted seconds per batch, stage 0 first, for stages doing {@code stageFlops} of work. */
    public List<Double> stageSeconds(List<Double> stageFlops) {
        List<Double> seconds = new ArrayList<>();
        for (int s = 0; s < stageFlops.size(); s++) {
            seconds.add(secondsPerFlop * stageFlops.get(s) + (s + 1 < stageFlops.size() ? cutSeconds : 0));
        }
        return seconds;
    }

    /** Predicted samples per second of {@code batch}-example batches through stages of {@code stageFlops} on {@code cores}. */
    public double samplesPerSecond(List<Double> stageFlops, int cores, int batch) {
        if (cores < 1 || stageFlops.isEmpty()) {
            throw new IllegalArgumentException("need at least one core and one stage");
        }
        List<Double> seconds = stageSeconds(stageFlops);
        double slowest = seconds.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double total = seconds.stream().mapToDouble(Double::doubleValue).sum();
        return batch / Math.max(slowest, total / Math.min(cores, stageFlops.size()));
    }

    /**
     * Product work per batch of each stage when a network of {@code blockFlops} (per block, per batch) is cut after
     * the blocks in {@code cuts} (boundaries, increasing).
     */
    public static List<Double> stageFlops(double[] blockFlops, List<Integer> cuts) {
        List<Double> stages = new ArrayList<>();
        int from = 1;
        List<Integer> ends = new ArrayList<>(cuts);
        ends.add(blockFlops.length);
        for (int end : ends) {
            double sum = 0;
            for (int k = from; k <= end; k++) {
                sum += blockFlops[k - 1];
            }
            stages.add(sum);
            from = end + 1;
        }
        return stages;
    }

    /**
     * Product work per batch of each block of the {@link BenchmarkNetwork} (the count of
     * {@link BenchmarkNetwork#flopsPerStep}, split by block; the synthesizers are in {@link #cutSeconds}).
     */
    public static double[] blockFlops(BenchmarkNetwork network) {
        List<Integer> widths = network.architecture().shape().widths();
        double[] flops = new double[widths.size() - 1];
        for (int k = 1; k < widths.size(); k++) {
            double forward = 2.0 * network.batch() * widths.get(k - 1) * widths.get(k);
            flops[k - 1] = k == 1 ? 2 * forward : 3 * forward;
        }
        return flops;
    }
}
