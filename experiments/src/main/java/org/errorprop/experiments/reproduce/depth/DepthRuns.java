package org.errorprop.experiments.reproduce.depth;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.experiments.reproduce.IndependentRuns;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.experiments.reproduce.RunStore;
import org.errorprop.experiments.run.Trainer;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.training.TrainingConfig;

/**
 * Trains depth runs with the experiments' {@link Trainer} and keeps what the depth figures need: the
 * learning curve and the squared weight norms of the hidden layers before and after. A list of
 * independent runs goes through {@link IndependentRuns}: results in the list's order, bit for bit those of
 * training them one after the other. Progress is stepped once per finished run.
 */
public final class DepthRuns {
    private DepthRuns() {
    }

    public static List<DepthRunResult> train(List<DepthRunSpec> specs, DataSplit data, int workers,
                                             Progress progress, Compute compute) {
        return train(RunStore.inMemory(), "depth", specs, data, workers, progress, compute);
    }

    /** As above, through {@code store}: runs it holds under {@code site} are read, not trained again. */
    public static List<DepthRunResult> train(RunStore store, String site, List<DepthRunSpec> specs, DataSplit data,
                                             int workers, Progress progress, Compute compute) {
        return store.map(site, specs, workers, spec -> train(spec, data, compute), (spec, result) -> {
            progress.message(spec.network().label() + " " + spec.method().label());
            progress.step();
        });
    }

    /** Trains on {@code data} (inputs used as given; the paper scales them to [0, 1] and nothing else). */
    static DepthRunResult train(DepthRunSpec spec, DataSplit data, Compute compute) {
        Trainer trainer = Trainer.start(spec.setup(data.train().inputWidth(), data.train().outputWidth(), compute));
        int depth = spec.network().depth();
        List<Double> initialNorms = hiddenSquaredNorms(trainer.network(), depth);
        CurveRecorder recorder = new CurveRecorder(spec.lossWindow());
        trainer.epochs(data, new TrainingConfig(spec.epochs(), spec.batchSize()), recorder).requireComplete();
        return new DepthRunResult(spec, recorder.curve(), initialNorms, hiddenSquaredNorms(trainer.network(), depth));
    }

    /** {@code ‖W_k‖²_F} of hidden layers {@code k = 1..depth}, the output layer left out. */
    static List<Double> hiddenSquaredNorms(Network network, int depth) {
        List<Double> norms = new ArrayList<>(depth);
        for (int k = 1; k <= depth; k++) {
            DMatrixRMaj w = network.block(k).linear().weight().value();
            double sum = 0;
            for (int i = 0, n = w.getNumElements(); i < n; i++) {
                sum += w.data[i] * w.data[i];
            }
            norms.add(sum);
        }
        return norms;
    }
}
