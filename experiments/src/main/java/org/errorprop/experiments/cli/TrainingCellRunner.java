package org.errorprop.experiments.cli;

import java.util.Map;
import java.util.function.LongSupplier;
import org.errorprop.experiments.run.CheckpointSchedule;
import org.errorprop.experiments.run.OutputDirectory;
import org.errorprop.experiments.run.Provenance;
import org.errorprop.experiments.run.ResumableRun;
import org.errorprop.experiments.run.RunResult;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.experiments.sweep.CellRunner;
import org.errorprop.experiments.sweep.CellStatus;
import org.errorprop.experiments.sweep.SweepCell;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.training.TrainingListener;

/**
 * A sweep's cell trained the way {@code train} trains a run ({@link ResumableRun}): checkpoints beside the cell's
 * directory while it is unfinished, so that a rerun of a killed sweep continues the cell from its last checkpoint,
 * bit for bit the uninterrupted cell; the directory is written and committed the same way, a diverged run kept and
 * marked diverged in its {@code status.yaml}.
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
    private final CheckpointSchedule checkpoints;

    /** The data a spec names, as one key: every cell with the same key shares one loaded copy. */
    record DataChoice(String data, org.errorprop.framework.data.Normalization normalization) {
        static DataChoice of(RunSpec spec) {
            return new DataChoice(spec.data(), spec.normalization());
        }
    }

    TrainingCellRunner(Map<DataChoice, PreparedData> data, Compute compute, LongSupplier clock,
                       Map<String, String> provenance, CheckpointSchedule checkpoints) {
        this.data = Map.copyOf(data);
        this.compute = compute;
        this.clock = clock;
        this.provenance = provenance;
        this.checkpoints = checkpoints;
    }

    @Override
    public CellStatus run(SweepCell cell, OutputDirectory directory) {
        RunSpec spec = cell.spec();
        PreparedData prepared = data.get(DataChoice.of(spec));
        try (ResumableRun run = ResumableRun.open(directory, spec)) {
            RunResult result = run.train(prepared.split(), prepared.description(),
                    Provenance.withData(provenance, prepared.provenance()), compute, clock,
                    TrainingListener.NONE, checkpoints);
            return result.diverged() ? CellStatus.DIVERGED : CellStatus.COMPLETE;
        }
    }
}
