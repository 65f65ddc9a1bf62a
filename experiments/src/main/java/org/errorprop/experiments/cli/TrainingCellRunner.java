package org.errorprop.experiments.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.errorprop.experiments.run.MetricsCsv;
import org.errorprop.experiments.run.OutputDirectory;
import org.errorprop.experiments.run.Provenance;
import org.errorprop.experiments.run.RunArtifacts;
import org.errorprop.experiments.run.RunResult;
import org.errorprop.experiments.run.Trainer;
import org.errorprop.experiments.run.TrainingSetup;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.experiments.spec.SpecYaml;
import org.errorprop.experiments.sweep.CellRunner;
import org.errorprop.experiments.sweep.CellStatus;
import org.errorprop.experiments.sweep.SweepCell;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.training.DivergenceException;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.TrainingListener;

/**
 * A sweep's cell trained the way {@code train} trains a run, its directory written the same way. A run that
 * diverges keeps its spec, provenance and the metrics of the epochs it finished, marked diverged.
 *
 * <p>Every cell computes on the process's one {@link Compute} (a cell asking for float32 products gets a variant of it
 * with the same workers, {@link Compute#withPrecision}), whichever thread runs it: its splitter and products
 * claim their workers with a flag, and a thread that finds them taken runs the same ranges itself, in order
 * (ADR-0007), so the numbers do not depend on how many cells run at once (tested) and no core is given two pools.
 */
final class TrainingCellRunner implements CellRunner {
    private final Map<DataChoice, PreparedData> data;
    private final Compute compute;
    private final LongSupplier clock;
    private final Map<String, String> provenance;

    /** The data a spec names, as one key: every cell with the same key shares one loaded copy. */
    record DataChoice(String data, org.errorprop.framework.data.Normalization normalization) {
        static DataChoice of(RunSpec spec) {
            return new DataChoice(spec.data(), spec.normalization());
        }
    }

    TrainingCellRunner(Map<DataChoice, PreparedData> data, Compute compute, LongSupplier clock,
                       Map<String, String> provenance) {
        this.data = Map.copyOf(data);
        this.compute = compute;
        this.clock = clock;
        this.provenance = provenance;
    }

    @Override
    public CellStatus run(SweepCell cell, OutputDirectory directory) {
        RunSpec spec = cell.spec();
        PreparedData prepared = data.get(DataChoice.of(spec));
        DataSplit split = prepared.split();
        List<EpochMetrics> finished = new ArrayList<>();
        TrainingListener collecting = new TrainingListener() {
            @Override
            public void epochFinished(EpochMetrics metrics) {
                finished.add(metrics);
            }
        };
        try {
            RunResult result = Trainer.start(TrainingSetup.of(spec, split.train().inputWidth(),
                    split.train().outputWidth(), compute)).epochs(split, spec.training(), spec.probeEvery(), clock,
                    collecting);
            RunArtifacts.write(directory, "", spec, prepared.description(), provenance, result);
            return CellStatus.COMPLETE;
        } catch (DivergenceException e) {
            directory.writeText("spec.yaml", SpecYaml.write(spec));
            directory.writeText("provenance.yaml",
                    Provenance.toYaml(Provenance.ofRun(provenance, spec.matmulPrecision()), spec.seed()));
            directory.writeText("metrics.csv", MetricsCsv.format(finished));
            CellStatus.DIVERGED.writeIfAbsent(directory, e.getMessage());
            return CellStatus.DIVERGED;
        }
    }
}
