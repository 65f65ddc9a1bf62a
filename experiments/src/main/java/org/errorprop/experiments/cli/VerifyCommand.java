package org.errorprop.experiments.cli;

import static org.errorprop.experiments.cli.ErrorpropCli.invocation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import org.errorprop.experiments.run.ConsoleProgress;
import org.errorprop.experiments.run.OutputDirectory;
import org.errorprop.experiments.run.OutputKind;
import org.errorprop.experiments.run.Provenance;
import org.errorprop.experiments.verify.StatementSweep;
import org.errorprop.experiments.verify.VerifyReport;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.proofs.Check;
import org.errorprop.proofs.catalog.Statements;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code errorprop verify}: every formal statement of the paper as a numerical check over a sweep of
 * recipes. Exit code 0 when every check held on every recipe, 1 when any failed, 2 for bad flags.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check every formal statement of the paper numerically over a sweep of recipes; one line per "
                + "statement; writes report.md, verdicts.csv and provenance.yaml. Exit 0 if all hold, 1 if any fails.")
final class VerifyCommand implements Callable<Integer> {
    private final CliEnvironment environment;

    @Spec
    CommandSpec command;

    @Option(names = "--examples", paramLabel = "N", description = "Recipes per statement (default 20).")
    int examples = 20;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the recipe streams (default 1).")
    long seed = 1;

    @Option(names = "--only", paramLabel = "ID", split = ",", description = "Check only these statements (ids).")
    List<String> only;

    @Option(names = "--out", paramLabel = "DIR", description = "Directory to create for the report (default runs/verify).")
    Path out;

    /** Accepted only to be refused with a clear line: the checks always use double products (ADR-0009). */
    @Option(names = "--matmul-precision", paramLabel = "P", hidden = true)
    String matmulPrecision;

    VerifyCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        if (matmulPrecision != null) {
            throw new InvalidInputException("verify always checks the statements with float64 (double) products; "
                    + "--matmul-precision is an option of train, compare and bench");
        }
        // A statement checked on a million recipes is settled; past that a typo only burns hours.
        if (examples <= 0 || examples > 1_000_000) {
            throw new InvalidInputException("--examples must be from 1 to 1000000, was " + examples);
        }
        List<Check<?>> checks = selected();
        try (OutputDirectory directory = OutputDirectory.create(out != null ? out : Path.of("runs", "verify"),
                OutputKind.VERIFICATION)) {
            List<StatementSweep.Result> results = new ArrayList<>();
            try (ProgressBar bar = environment.progressBars()
                    ? ConsoleProgress.bar("verify", (long) examples * checks.size(), environment.err()) : null) {
                for (Check<?> check : checks) {
                    StatementSweep.Result result = StatementSweep.run(check, examples, seed, i -> {
                        if (bar != null) {
                            bar.step();
                        }
                    });
                    results.add(result);
                    command.commandLine().getOut().println(VerifyReport.line(result));
                }
            }
            List<String> words = invocation(command);
            directory.writeText("report.md", VerifyReport.markdown(results, examples, seed, String.join(" ", words)));
            directory.writeText("verdicts.csv", VerifyReport.csv(results));
            directory.writeText("provenance.yaml", Provenance.toYaml(Provenance.ofThisProcess(words, environment.compute()), seed));
            directory.commit();
            boolean allHeld = results.stream().allMatch(StatementSweep.Result::allHeld);
            command.commandLine().getOut().println((allHeld ? "every statement held" : "SOME STATEMENTS FAILED")
                    + "; wrote " + directory.target());
            return allHeld ? 0 : 1;
        }
    }

    private List<Check<?>> selected() {
        List<Check<?>> all = Statements.all();
        if (only == null) {
            return all;
        }
        List<Check<?>> chosen = new ArrayList<>();
        for (String id : only) {
            Check<?> match = all.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow(() ->
                    new InvalidInputException("unknown statement '" + id + "'; known: "
                            + String.join(", ", all.stream().map(Check::id).toList())));
            chosen.add(match);
        }
        return chosen;
    }
}
