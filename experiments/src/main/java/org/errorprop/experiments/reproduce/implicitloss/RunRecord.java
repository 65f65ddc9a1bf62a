package org.errorprop.experiments.reproduce.implicitloss;

import java.util.List;

/**
 * What one run leaves: the full-batch training loss before each step, and the snapshots.
 *
 * @param lossCurve {@code lossCurve[t]} is the mean loss at the start of step {@code t + 1}
 */
public record RunRecord(RunConfig config, GridProblem problem, double[] lossCurve, List<Snapshot> snapshots) {

    public RunRecord {
        snapshots = List.copyOf(snapshots);
    }

    public double finalLoss() {
        return lossCurve[lossCurve.length - 1];
    }

    /**
     * The first step (1-based) whose loss is below {@code threshold} and stays below it at every later
     * recorded step, or -1 if the run does not end below it.
     */
    public int settledBelow(double threshold) {
        int first = -1;
        for (int t = lossCurve.length - 1; t >= 0; t--) {
            if (!(lossCurve[t] < threshold)) {
                break;
            }
            first = t + 1;
        }
        return first;
    }
}
