package org.errorprop.experiments.cli;

import org.errorprop.experiments.run.CheckpointSchedule;
import picocli.CommandLine.Option;

/** {@code --checkpoint-every N}, shared by {@code train} and {@code sweep} (a sweep checkpoints each cell). */
final class CheckpointOptions {
    @Option(names = "--checkpoint-every", paramLabel = "N",
            description = "Save a checkpoint beside the run directory (in a sweep, beside each cell's) every N epochs, "
                    + "so that a killed run continues from it (0: never; default: at the end of the first epoch after "
                    + "each minute of training).")
    Integer checkpointEvery;

    /** The schedule the flag asks for, or the default one. */
    CheckpointSchedule schedule() {
        return checkpointEvery == null ? CheckpointSchedule.byDefault() : CheckpointSchedule.everyEpochs(checkpointEvery);
    }
}
