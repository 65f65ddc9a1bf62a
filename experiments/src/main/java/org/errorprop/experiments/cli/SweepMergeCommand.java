package org.errorprop.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.errorprop.experiments.run.OutputDirectory;
import org.errorprop.experiments.run.OutputKind;
import org.errorprop.experiments.sweep.SweepResults;
import org.errorprop.experiments.sweep.SweepSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code errorprop sweep merge DIR... --out OUT}: one summary of a sweep from its shards' directories. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Combine the directories of one sweep (its shards', or one) into OUT: summary.csv (one row per "
                + "cell, sorted by id; the timing column seconds_total last), report.md (mean ± sd over seeds per "
                + "setting), test-accuracy.png and learning-curves.png.",
            "Every cell must be present exactly once, and every DIR hold the same sweep; otherwise one line and "
                + "exit 2."})
final class SweepMergeCommand implements Callable<Integer> {
    static final String ACCURACY_PLOT = "test-accuracy.png";
    static final String CURVES_PLOT = "learning-curves.png";

    @Spec
    CommandSpec command;

    @ParentCommand
    SweepCommand sweep;

    @Parameters(arity = "1..*", paramLabel = "DIR", description = "The sweep's directories (each shard's --out).")
    List<Path> directories = new ArrayList<>();

    @Option(names = "--out", paramLabel = "OUT", required = true, description = "Directory to create.")
    Path out;

    @Override
    public Integer call() {
        SweepResults results = SweepResults.gather(sweep.cli.catalog(), directories);
        try (OutputDirectory directory = OutputDirectory.create(out, OutputKind.SWEEP_SUMMARY)) {
            directory.writeText("summary.csv", SweepSummary.csv(results));
            SweepSummary.writePlots(results, directory.file(ACCURACY_PLOT), directory.file(CURVES_PLOT));
            directory.writeText("report.md", SweepSummary.report(results, ACCURACY_PLOT, CURVES_PLOT));
            directory.commit();
        }
        command.commandLine().getOut().printf("merged %d cells (%d diverged) into %s%n", results.cells().size(),
                results.diverged(), out);
        return 0;
    }
}
