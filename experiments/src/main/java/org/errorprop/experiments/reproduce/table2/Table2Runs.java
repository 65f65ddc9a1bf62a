package org.errorprop.experiments.reproduce.table2;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.experiments.reproduce.IndependentRuns;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.ArtificialDataSets;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.random.RandomStreams;

/**
 * Runs every Table 2 cell on its data sets: for each, the exact optimum (squared error), a backprop run and a
 * synthetic-gradient run.
 *
 * <p>Randomness: data set {@code i} of every cell comes from {@code streams.child("table2/dataset-i")} through
 * {@link ArtificialDataSets#generate}, so within one index {@code linear_k}, {@code noisy_k} and
 * {@code random_k} share their points (and linear and noisy their hyperplane), and the shallow and the deep
 * model, MSE and log loss see the same data. The deep model's starting weights come from
 * {@code streams.child("table2/init-k-i")} (its streams {@code "init/block-l"}, as {@code Architecture} draws
 * them), the same for backprop and SG (paired runs). The runs are
 * independent and each is sequential, so running them in parallel changes no number.
 */
final class Table2Runs {
    private Table2Runs() {
    }

    /** The outcomes, in the order of {@code cells} and, within a cell, of the data-set index. */
    static List<DataSetOutcome> run(List<Table2Cell> cells, Table2Settings settings, RandomStreams streams,
                                    Progress progress, Compute compute) {
        return run(org.errorprop.experiments.reproduce.RunStore.inMemory(), cells, settings, streams, progress, compute);
    }

    /** As above, through {@code store}: runs it holds are read, not trained again. */
    static List<DataSetOutcome> run(org.errorprop.experiments.reproduce.RunStore store, List<Table2Cell> cells,
                                    Table2Settings settings, RandomStreams streams, Progress progress,
                                    Compute compute) {
        List<Job> jobs = new ArrayList<>();
        for (Table2Cell cell : cells) {
            for (int i = 0; i < settings.dataSets(); i++) {
                jobs.add(new Job(cell, i));
            }
        }
        return store.map("table2/runs", jobs, IndependentRuns.defaultWorkers(), job -> job.run(settings, streams, compute),
                (job, outcome) -> {
                    progress.message(job.cell().key());
                    progress.step();
                });
    }

    /** Data set {@code index} of {@code cell}: the same points for every cell with this index and dimension. */
    static Dataset dataSet(Table2Cell cell, int index, RandomStreams streams) {
        int k = cell.dimension();
        return ArtificialDataSets.generate(cell.kind(), k, ArtificialDataSets.paperSize(k),
                streams.child("table2/dataset-" + index));
    }

    private record Job(Table2Cell cell, int index) implements java.io.Serializable {
        DataSetOutcome run(Table2Settings settings, RandomStreams streams, Compute compute) {
            Dataset data = dataSet(cell, index, streams);
            RandomStreams init = streams.child("table2/init-" + cell.dimension() + "-" + index);
            double optimum = cell.loss() == OutputLoss.MSE
                    ? LeastSquaresOptimum.meanLoss(data.inputs(), data.targets())
                    : Double.NaN;
            TrainingTrace backprop = Table2Training.train(data, cell.depth(), cell.loss(),
                    TrainingMethod.BACKPROP, settings, init, compute);
            TrainingTrace synthetic = Table2Training.train(data, cell.depth(), cell.loss(),
                    TrainingMethod.SYNTHETIC_GRADIENT, settings, init, compute);
            return new DataSetOutcome(cell, index, optimum, backprop, synthetic);
        }
    }
}
