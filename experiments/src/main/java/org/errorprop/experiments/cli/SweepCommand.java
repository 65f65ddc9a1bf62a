package org.errorprop.experiments.cli;

import static org.errorprop.experiments.cli.ErrorpropCli.invocation;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.errorprop.experiments.run.Provenance;
import org.errorprop.experiments.run.RunPreflight;
import org.errorprop.experiments.sweep.Shard;
import org.errorprop.experiments.sweep.SweepCell;
import org.errorprop.experiments.sweep.SweepCells;
import org.errorprop.experiments.sweep.SweepCounts;
import org.errorprop.experiments.sweep.SweepDirectory;
import org.errorprop.experiments.sweep.SweepProgress;
import org.errorprop.experiments.sweep.SweepRun;
import org.errorprop.experiments.sweep.SweepSpec;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.methods.MethodCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code errorprop sweep}: every cell of a grid of run specs, one run directory each; {@code sweep merge} sums up. */
@Command(name = "sweep", mixinStandardHelpOptions = true, subcommands = SweepMergeCommand.class,
        description = {"Run every cell of a sweep spec (a base run spec and a grid over any of its keys) into "
                + "DIR/cells/<id>/, each a run directory like train's. Rerunning on the same DIR skips finished cells "
                + "and redoes unfinished ones. Then `errorprop sweep merge DIR... --out OUT` writes summary.csv, "
                + "report.md and plots.",
            "Exit codes: 0 every cell of this shard complete; 3 all finished, some diverged; 1 some failed or were "
                + "being run by another process (rerun to finish); 2 a mistake in the spec or flags."})
final class SweepCommand implements Callable<Integer> {
    final CliEnvironment environment;

    @Spec
    CommandSpec command;

    @ParentCommand
    ErrorpropCli cli;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC.yaml",
            description = "The sweep spec: `base:` (run-spec keys every cell shares) and `grid:` (each swept key with "
                    + "its list of values).")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The sweep directory: created, or continued if it holds the same sweep.")
    Path out;

    @Option(names = "--parallel", paramLabel = "K", defaultValue = "1",
            description = "Cells trained at once, in threads (default 1); the numbers do not depend on it.")
    int parallel;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Run only part I of N (I from 0, e.g. --shard $SLURM_ARRAY_TASK_ID/4): the cells sorted "
                    + "by id, dealt round-robin. Shards may share one DIR or each have its own.")
    String shard;

    @Mixin
    CheckpointOptions checkpoints;

    SweepCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (specFile == null) {
            throw new InvalidInputException("give a sweep spec: errorprop sweep SPEC.yaml --out DIR "
                    + "(or errorprop sweep merge DIR... --out OUT)");
        }
        if (out == null) {
            throw new InvalidInputException("give the sweep directory: --out DIR");
        }
        if (parallel < 1) {
            throw new InvalidInputException("--parallel must be at least 1, was " + parallel);
        }
        Shard part = shard == null ? Shard.WHOLE : Shard.parse(shard);
        MethodCatalog catalog = cli.catalog();
        SweepSpec spec = SweepSpec.read(specFile);
        List<SweepCell> cells = SweepCells.resolve(catalog, spec, specFile.toString());
        List<SweepCell> mine = part.select(cells);
        Map<TrainingCellRunner.DataChoice, PreparedData> data = new LinkedHashMap<>();
        Map<String, SweepCell> firstOfMethod = new LinkedHashMap<>();
        for (SweepCell cell : mine) {  // every cell is checked before any data is read or anything trains
            RunPreflight.beforeLoading(cell.spec(), "sweep cell " + cell.id());
        }
        for (SweepCell cell : mine) {
            PreparedData loaded = data.computeIfAbsent(TrainingCellRunner.DataChoice.of(cell.spec()),
                    d -> PreparedData.load(cell.spec(), environment.mnist()));
            RunPreflight.withData(cell.spec(), loaded.split(), "sweep cell " + cell.id());
            firstOfMethod.putIfAbsent(cell.spec().method(), cell);
        }
        firstOfMethod.values().forEach(cell -> MethodWarnings.report(cell.spec(),
                data.get(TrainingCellRunner.DataChoice.of(cell.spec())).split(), environment.err()));
        SweepDirectory directory = SweepDirectory.openOrCreate(out, spec, cells, catalog);
        TrainingCellRunner runner = new TrainingCellRunner(data, environment.compute(), environment.nanoClock(),
                Provenance.ofThisProcess(invocation(command), environment.compute()),
                checkpoints.schedule());
        SweepCounts counts;
        try (SweepProgress progress = environment.progressBars() ? SweepProgress.bar(mine.size(), environment.err())
                : SweepProgress.lines(environment.err())) {
            counts = SweepRun.run(directory, mine, parallel, runner, progress);
        }
        command.commandLine().getOut().printf(Locale.ROOT, "sweep %s, shard %s: %d of %d cells: %d complete, %d diverged, "
                        + "%d failed, %d left to another process (%d were finished before and skipped)%n", out, part,
                mine.size(), cells.size(), counts.complete(), counts.diverged(), counts.failed(), counts.elsewhere(),
                counts.skipped());
        return counts.exitCode();
    }
}
