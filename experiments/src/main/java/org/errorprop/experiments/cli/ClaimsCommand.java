package org.errorprop.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.errorprop.experiments.reproduce.ClaimsAcrossScales;
import org.errorprop.experiments.run.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code errorprop claims}: every claim of the paper with its verdict at quick and at full scale, as Markdown. */
@Command(name = "claims", mixinStandardHelpOptions = true,
        description = "Set the claims of a quick and a full reproduction side by side (paper, quick, full, held), "
                + "read from their claims.csv: the table of paper-notes/README.md.")
final class ClaimsCommand implements Callable<Integer> {
    @Spec
    CommandSpec command;

    @Option(names = "--quick", paramLabel = "DIR", description = "A quick reproduction's directory (its claims.csv).")
    Path quick;

    @Option(names = "--full", paramLabel = "DIR", description = "A full reproduction's directory (its claims.csv).")
    Path full;

    @Option(names = "--full-rerun", paramLabel = "DIR", description = "A full-scale rerun of some experiments with "
            + "settings changed after the full run (its claims.csv): its verdicts get a column of their own and a second"
            + " held column; the full run's stay as they are.")
    Path fullRerun;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the table to FILE (default: standard output).")
    Path out;

    @Override
    public Integer call() {
        ClaimsAcrossScales claims = ClaimsAcrossScales.read(Optional.ofNullable(quick), Optional.ofNullable(full),
                Optional.ofNullable(fullRerun));
        String table = claims.markdown();
        if (out == null) {
            PrintWriter stdout = command.commandLine().getOut();
            stdout.print(table);
            stdout.flush();
        } else {
            AtomicFiles.writeText(out, table);
        }
        return 0;
    }
}
