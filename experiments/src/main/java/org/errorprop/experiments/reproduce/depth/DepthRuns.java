package org.errorprop.experiments.reproduce.depth;

import java.util.List;
import org.errorprop.experiments.reproduce.IndependentRuns;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;

/**
 * Trains a list of independent depth runs through {@link IndependentRuns}: results in the list's order, bit
 * for bit those of training them one after the other. Progress is stepped once per finished run.
 */
public final class DepthRuns {
    private DepthRuns() {
    }

    public static List<DepthRunResult> train(List<DepthRunSpec> specs, DataSplit data, int workers,
                                             Progress progress, Compute compute) {
        DepthRun run = new DepthRun(compute);
        return IndependentRuns.map(specs, workers, spec -> run.train(spec, data), (spec, result) -> {
            progress.message(spec.network().label() + " " + spec.method().label());
            progress.step();
        });
    }
}
