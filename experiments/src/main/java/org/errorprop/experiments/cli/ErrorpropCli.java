package org.errorprop.experiments.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.methods.MethodCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * The {@code errorprop} command. Exit codes: 0 success; 1 verify found a failing statement, or the environment
 * failed (a full disk, the output directory removed); 2 a user's mistake (bad flags, bad input data, an unknown
 * name, a heap too small); 3 a run diverged (kept, marked diverged); 70 a bug; 130/143 SIGINT/SIGTERM. Every failure
 * is one line on stderr without a stack trace ({@link FailureReport}); a bug's stack trace goes to a file.
 */
@Command(name = "errorprop", mixinStandardHelpOptions = true, version = "errorprop 0.1.0",
        description = "Backpropagation and its alternatives, side by side.",
        subcommands = {TrainCommand.class, CompareCommand.class, VerifyCommand.class, ReproduceCommand.class,
            BenchCommand.class, InfoCommand.class, SweepCommand.class, ClaimsCommand.class})
public final class ErrorpropCli implements Runnable {
    /** Verify found a failing statement, or the environment failed (a full disk, the output directory lost). */
    public static final int FAILURE = 1;
    public static final int USER_ERROR = 2;
    /** The run diverged: its results are kept, in a directory marked diverged. */
    public static final int DIVERGED = 3;
    /** A bug in errorprop (EX_SOFTWARE): one line asking to report it, the stack trace in a file. */
    public static final int INTERNAL_ERROR = 70;

    /**
     * netlib logs a warning through java.util.logging each time it falls back from native BLAS; the
     * backend in use is reported by {@code info} and in provenance instead. Held here so the logger
     * (and its level) is not garbage-collected.
     */
    private static final java.util.logging.Logger NETLIB_LOGGER = java.util.logging.Logger.getLogger("dev.ludovic.netlib");

    @Spec
    CommandSpec spec;

    @Option(names = "--plugin", paramLabel = "JAR", scope = CommandLine.ScopeType.LOCAL,
            description = "Load the propagation rules of this jar (repeatable; before the command). The launcher adds "
                    + "the jars of ERRORPROP_PLUGINS, separated like PATH.")
    List<Path> plugins = new ArrayList<>();

    /** The rules this invocation can run: errorprop's own and those of every {@code --plugin} jar. */
    MethodCatalog catalog() {
        return PluginJars.catalog(plugins);
    }

    public static void main(String... args) {
        NETLIB_LOGGER.setLevel(java.util.logging.Level.SEVERE);
        // PNGs are encoded in memory, not through cache files in the temporary directory: a full disk then fails the
        // write into the output directory only, and leaves no cache stream for the JVM to close (with a stack trace)
        // at exit
        javax.imageio.ImageIO.setUseCache(false);
        CliEnvironment environment;
        try {
            environment = CliEnvironment.system();
        } catch (InvalidInputException e) {
            System.err.println("errorprop: " + e.getMessage());
            System.exit(USER_ERROR);
            return;
        }
        System.exit(execute(commandLine(environment), args));
    }

    /**
     * {@code line.execute(args)}, and the same one-line report for what picocli lets through (an {@code Error} such
     * as {@link OutOfMemoryError} thrown by a command).
     */
    public static int execute(CommandLine line, String... args) {
        try {
            return line.execute(args);
        } catch (RuntimeException | Error failure) {
            CommandLine failed = line;
            CommandLine.ParseResult parsed = line.getParseResult();
            while (parsed != null && parsed.subcommand() != null) {
                parsed = parsed.subcommand();
                failed = parsed.commandSpec().commandLine();
            }
            return failureReport(args).report(failed.getCommandSpec().qualifiedName(), failure, failed.getErr());
        }
    }

    private static FailureReport failureReport(String... args) {
        List<String> words = new ArrayList<>(List.of("errorprop"));
        words.addAll(List.of(args));
        return new FailureReport(Path.of(System.getProperty("java.io.tmpdir")), words);
    }

    /** The configured command line; tests call {@code execute} on it instead of {@link #main}. */
    public static CommandLine commandLine(CliEnvironment environment) {
        CommandLine line = new CommandLine(new ErrorpropCli(), new EnvironmentFactory(environment));
        line.setErr(new PrintWriter(environment.err(), true));
        line.setParameterExceptionHandler((exception, args) -> {
            CommandLine failed = exception.getCommandLine();
            failed.getErr().println(failed.getCommandName() + ": " + exception.getMessage().replace('\n', ' ')
                    + " (see " + failed.getCommandSpec().qualifiedName() + " --help)");
            return USER_ERROR;
        });
        line.setExecutionExceptionHandler((exception, failed, parseResult) -> failureReport(
                parseResult.originalArgs().toArray(String[]::new)).report(failed.getCommandSpec().qualifiedName(),
                exception, failed.getErr()));
        return line;
    }

    /** The command line as the user typed it, for provenance: {@code errorprop} and the original arguments. */
    static java.util.List<String> invocation(CommandSpec command) {
        java.util.List<String> words = new java.util.ArrayList<>(java.util.List.of("errorprop"));
        words.addAll(command.commandLine().getParseResult().originalArgs());
        return words;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Hands the environment to commands that take it in their constructor. */
    private record EnvironmentFactory(CliEnvironment environment) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(CliEnvironment.class).newInstance(environment);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
