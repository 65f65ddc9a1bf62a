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
            description = "table2, fig2, fig3 (with supp. fig. 7), fig4, fig5, supp6, supp8, supp9, or all.")
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
        Path target = out != null ? out : Path.of("runs", "reproduce-" + name);
        PrintWriter stdout = command.commandLine().getOut();
        try (OutputDirectory directory = replace ? OutputDirectory.replacing(target, OutputKind.REPRODUCTION)
                : OutputDirectory.create(target, OutputKind.REPRODUCTION)) {
            ReproductionContext context = new ReproductionContext(scale, seed, source, directory, progressFactory(),
                    environment.compute());
            List<ExperimentOutcome> outcomes = new Reproduction(environment.nanoClock()).run(experiments, context,
                    outcome -> stdout.println(summaryLine(outcome)));
            List<String> words = invocation(command);
            boolean readsData = experiments.stream().anyMatch(Experiment::readsData);
            Map<String, String> provenance = Provenance.ofThisProcess(words, environment.compute());
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
            return ProgressFactory.SILENT;
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
