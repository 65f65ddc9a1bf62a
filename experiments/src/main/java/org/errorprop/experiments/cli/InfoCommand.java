package org.errorprop.experiments.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.errorprop.experiments.run.Provenance;
import org.errorprop.methods.MethodCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code errorprop info}: what this installation is and runs on. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show the code revision, JDK, BLAS backend, cores and the registered rules.")
final class InfoCommand implements Callable<Integer> {

    @Spec
    CommandSpec command;

    private final CliEnvironment environment;

    InfoCommand(CliEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        PrintWriter out = command.commandLine().getOut();
        Map<String, String> facts = Provenance.ofThisProcess(java.util.List.of("errorprop", "info"), environment.compute());
        facts.remove("command");
        facts.forEach((key, value) -> out.printf("%-20s %s%n", key, value));
        out.printf("%-20s %s%n", "vector_api", ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                ? "available" : "absent (start with --add-modules jdk.incubator.vector)");
        out.printf("%-20s %s%n", "methods", String.join(", ", MethodCatalog.standard().names()));
        return 0;
    }
}
