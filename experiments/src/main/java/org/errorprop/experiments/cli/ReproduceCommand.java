package org.errorprop.experiments.cli;

import static org.errorprop.experiments.cli.ErrorpropCli.invocation;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.errorprop.experiments.catalog.Experiments;
import org.errorprop.experiments.data.DataSource;
import org.errorprop.experiments.reproduce.Claim;
import org.errorprop.experiments.reproduce.Experiment;
import org.errorprop.experiments.reproduce.ExperimentOutcome;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.experiments.reproduce.ProgressFactory;
import org.errorprop.experiments.reproduce.Reproduction;
import org.errorprop.experiments.reproduce.ReproductionContext;
import org.errorprop.experiments.reproduce.ReproductionReport;
import org.errorprop.experiments.reproduce.CriteriaRegistry;
import org.errorprop.experiments.reproduce.LoggedProgress;
import org.errorprop.experiments.reproduce.RunStore;
import org.errorprop.experiments.sweep.Shard;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.MatmulPrecision;
import org.errorprop.experiments.reproduce.Scale;
import org.errorprop.experiments.run.ConsoleProgress;
import org.errorprop.experiments.run.OutputDirectory;
import org.errorprop.experiments.run.OutputKind;
import org.errorprop.experiments.run.Provenance;
import org.errorprop.framework.InvalidInputException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code errorprop reproduce <name>}: one of the paper's tables or figures (or {@code all}), with its
 * plots, the numbers behind them, and a report that sets each finding of the paper beside ours.
 * Exit code 0 when the reproduction ran (whether or not every claim held: the report says which), 2 for
 * a user's mistake.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
        description = "Reproduce a table or figure of Czarnecki et al. 2017 (or all of them): plots, CSVs, and a "
                + "report.md with the paper's findings beside ours. Writes report.md, claims.csv, provenance.yaml "
                + "and one directory per experiment.")
final class ReproduceCommand implements Callable<Integer> {
    /** The file that marks a directory as a reproduction's, so {@code --replace} never deletes anything else. */
    static final String REPORT = "report.md";

    private final CliEnvironment environment;

    @Spec
    CommandSpec command;

    @Parameters(index = "0", paramLabel = "NAME",
            description = "table2, fig2, fig3 (with supp. fig. 7), fig4, fig5, supp6, supp8, supp9, several of them "
                    + "separated by commas (one report, in the order of all), or all.")
    String name;

    @ArgGroup(exclusive = true)
    ScaleChoice scaleChoice;

    static final class ScaleChoice {
        @Option(names = "--quick", required = true,
                description = "Scaled down so that 'all' fits in 20 minutes on 2 cores (the default).")
        boolean quick;

        @Option(names = "--full", required = true, description = "The paper's scale (hours for 'all').")
        boolean full;

        @Option(names = "--smoke", required = true, hidden = true,
                description = "Tiny sizes that only show the code runs (for tests).")
        boolean smoke;
    }

    @Option(names = "--out", paramLabel = "DIR",
            description = "Directory to create (default runs/reproduce-NAME).")
    Path out;

    @Option(names = "--replace",
            description = "Replace DIR if it holds an earlier reproduction's report.md (only once this run succeeds).")
    boolean replace;

    @Option(names = "--data", paramLabel = "DATA",
            description = "MNIST-format data: embedded (default), mnist (the full set, fetched once), fashion-mnist, or a "
                    + "directory of IDX files.")
    String data = DataSource.DEFAULT;

    @Option(names = "--seed", paramLabel = "S", description = "Master seed of every random stream (default 1).")
    long seed = 1;

    @Option(names = "--matmul-precision", paramLabel = "P",
            description = "Precision of the matrix products: float64 (default) or float32 (as the paper's own runs); "
                    + "everything else is double.")
    String matmulPrecision = "float64";

    @Option(names = "--runs", paramLabel = "DIR",
            description = "Keep every finished training run in DIR, so that the same command, run again after a kill, "
                    + "trains only what is missing (default with --full: DIR = the output directory + '.runs'; "
                    + "otherwise none).")
    Path runs;

    @Option(names = "--shard", paramLabel = "I/N",
            description = "Train only part I of N of the runs into the --runs store (I from 0, as SLURM's "
                    + "$SLURM_ARRAY_TASK_ID) and write no report; once every part ran, the same command without "
                    + "--shard assembles the report from the store.")
    String shard;

    ReproduceCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        List<Experiment> experiments = Experiments.named(name);
        refuseUnread(experiments, "--data", "reads no MNIST-format data (it makes its own)", Experiment::readsData);
        refuseUnread(experiments, "--seed", "draws no random numbers (it is deterministic)", Experiment::readsSeed);
        DataSource source = DataSource.parse(data, environment.mnist());
        Scale scale = scale();
        Compute compute = environment.compute().withPrecision(precision());
        Path target = out != null ? out : Path.of("runs", "reproduce-" + name);
        Shard part = shard == null ? Shard.WHOLE : Shard.parse(shard);
        Path store = runs != null ? runs : scale == Scale.FULL || shard != null
                ? target.resolveSibling(target.getFileName() + ".runs") : null;
        RunStore runStore = store == null ? RunStore.inMemory()
                : RunStore.open(store, storeIdentity(scale, source, compute), part);
        PrintWriter stdout = command.commandLine().getOut();
        if (!part.equals(Shard.WHOLE)) {
            return runShard(experiments, scale, source, compute, runStore, store, part, stdout);
        }
        try (OutputDirectory directory = replace ? OutputDirectory.replacing(target, OutputKind.REPRODUCTION)
                : OutputDirectory.create(target, OutputKind.REPRODUCTION)) {
            ReproductionContext context = new ReproductionContext(scale, seed, source, directory, progressFactory(),
                    compute, runStore);
            if (runStore.persistent()) {
                directory.whenStoppedSay("the finished training runs are kept in " + store
                        + "; the same command, run again, trains only what is missing");
            }
            List<ExperimentOutcome> outcomes = new Reproduction(environment.nanoClock()).run(experiments, context,
                    outcome -> stdout.println(summaryLine(outcome)));
            List<String> words = invocation(command);
            boolean readsData = experiments.stream().anyMatch(Experiment::readsData);
            Map<String, String> provenance = Provenance.ofThisProcess(words, compute);
            if (runStore.persistent()) {
                provenance.put("run_store", store.toString());
                provenance.put("runs_trained_by_this_process", Integer.toString(runStore.trainedCount()));
                provenance.put("runs_read_from_the_store", Integer.toString(runStore.loadedCount()));
            }
            if (readsData) {
                provenance = Provenance.withData(provenance, source.provenance());
            }
            String dataDescription = readsData ? source.describe() : "none (" + name + " makes its own data)";
            CriteriaRegistry criteria = CriteriaRegistry.packaged();
            provenance.put("criteria_sha256", criteria.sha256());
            directory.writeText(REPORT, ReproductionReport.markdown(outcomes, scale, seed, dataDescription,
                    provenance, criteria));
            directory.writeText("claims.csv", ReproductionReport.claimsCsv(outcomes, scale, criteria));
            directory.writeText("provenance.yaml", Provenance.toYaml(provenance, seed));
            directory.commit();
            long held = ReproductionReport.heldCount(outcomes, scale, criteria);
            long total = outcomes.stream().mapToLong(o -> o.report().claims().size()).sum();
            stdout.println(held + " of " + total + " claims hold under their registered criteria; wrote " + directory.target().resolve(REPORT));
            return 0;
        }
    }

    /**
     * One shard: trains its part of the runs into the store, in a scratch output that is never published, and
     * says which experiments wait for other shards.
     */
    private int runShard(List<Experiment> experiments, Scale scale, DataSource source, Compute compute,
                         RunStore runStore, Path store, Shard part, PrintWriter stdout) {
        Path scratch = store.resolve("shard-" + part.index() + "-of-" + part.count() + ".scratch");
        List<String> waiting = new java.util.ArrayList<>();
        try (OutputDirectory directory = OutputDirectory.replacing(scratch, OutputKind.REPRODUCTION)) {
            ReproductionContext context = new ReproductionContext(scale, seed, source, directory, progressFactory(),
                    compute, runStore);
            new Reproduction(environment.nanoClock()).run(experiments, context,
                    outcome -> stdout.println(summaryLine(outcome) + "  (shard " + part + "; no report)"),
                    waiting::add);
        }
        stdout.println("shard " + part + ": trained " + runStore.trainedCount() + " runs, read "
                + runStore.loadedCount() + " from " + store + (waiting.isEmpty() ? "; every experiment's runs are stored"
                : "; waiting for other shards: " + String.join(", ", waiting))
                + ". Once every shard ran, the same command without --shard writes the report.");
        return 0;
    }

    private MatmulPrecision precision() {
        return MatmulPrecision.parse(matmulPrecision);
    }

    /** What the run store must agree on before its runs can be reused: the code, the scale, seed, data and precision. */
    private String storeIdentity(Scale scale, DataSource source, Compute compute) {
        return "errorprop reproduce run store\n"
                + "revision: " + Provenance.codeRevision() + "\n"
                + "scale: " + scale.label() + "\n"
                + "seed: " + seed + "\n"
                + "data: " + source.describe() + "\n"
                + "matmul precision: " + compute.precision().label() + "\n";
    }

    /** Refuses {@code option} when it was given and none of {@code experiments} reads it. */
    private void refuseUnread(List<Experiment> experiments, String option, String why,
                              java.util.function.Predicate<Experiment> reads) {
        if (command.commandLine().getParseResult().hasMatchedOption(option)
                && experiments.stream().noneMatch(reads)) {
            throw new InvalidInputException("reproduce " + name + " " + why + ", so " + option
                    + " does not apply to it; leave " + option + " out");
        }
    }

    private Scale scale() {
        if (scaleChoice == null || scaleChoice.quick) {
            return Scale.QUICK;
        }
        return scaleChoice.full ? Scale.FULL : Scale.SMOKE;
    }

    private static String summaryLine(ExperimentOutcome outcome) {
        long held = outcome.report().claims().stream().filter(Claim::holds).count();
        return String.format(Locale.ROOT, "%-7s %d/%d claims hold  (%.1f s)  %s", outcome.name(), held,
                outcome.report().claims().size(), outcome.seconds(), outcome.title());
    }

    private ProgressFactory progressFactory() {
        if (!environment.progressBars()) {
            // a full-scale run goes for hours, usually into a log: say how far it got
            return scale() == Scale.FULL ? LoggedProgress.on(environment.err(), environment.nanoClock())
                    : ProgressFactory.SILENT;
        }
        return (task, total) -> {
            ProgressBar bar = ConsoleProgress.bar(task, Math.max(1, total), environment.err());
            return new Progress() {
                @Override
                public void step() {
                    bar.step();
                }

                @Override
                public void message(String text) {
                    bar.setExtraMessage(text);
                }

                @Override
                public void close() {
                    bar.close();
                }
            };
        };
    }
}
