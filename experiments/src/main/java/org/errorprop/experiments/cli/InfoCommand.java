package org.errorprop.experiments.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.errorprop.experiments.run.Provenance;
import org.errorprop.methods.MethodCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code errorprop info}: what this installation is and runs on. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the code revision, JDK, BLAS backend, cores, and the registered rules with their options "
                + "and, for a plugin's, its jar.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec command;

    private final CliEnvironment environment;

    InfoCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @ParentCommand
    ErrorpropCli cli;

    @Override
    public Integer call() {
        MethodCatalog catalog = cli.catalog();
        PrintWriter out = command.commandLine().getOut();
        Map<String, String> facts = Provenance.ofThisProcess(java.util.List.of("errorprop", "info"), environment.compute());
        facts.remove("command");
        facts.forEach((key, value) -> out.printf("%-20s %s%n", key, value));
        out.printf("%-20s %s%n", "vector_api", ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? "available" : "absent (start with --add-modules jdk.incubator.vector)");
        out.printf("%-20s %s%n", "methods", String.join(", ", catalog.names()));
        for (String name : catalog.names()) {
            String from = catalog.source(name).map(jar -> " (plugin " + jar + ")").orElse("");
            List<String> options = catalog.provider(name).options().describe();
            out.printf("  %-18s %s%n", name, (options.isEmpty() ? "no options" : String.join("; ", options)) + from);
        }
        return 0;
    }
}
