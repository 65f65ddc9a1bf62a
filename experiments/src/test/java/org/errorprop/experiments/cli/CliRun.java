package org.errorprop.experiments.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.errorprop.framework.compute.Compute;
import picocli.CommandLine;

/** Runs the CLI in-process with a fake clock (each reading advances 1 ms) and captured streams. */
record CliRun(int exitCode, String out, String err) {
    private static final Compute COMPUTE = Compute.sequential();


    static CliRun of(String... args) {
        AtomicLong ticks = new AtomicLong();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        CliEnvironment environment = new CliEnvironment(() -> ticks.addAndGet(1_000_000L), err, false, COMPUTE);
        CommandLine line = ErrorpropCli.commandLine(environment);
        StringWriter out = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        int code = ErrorpropCli.execute(line, args);
        err.flush();
        return new CliRun(code, out.toString(), errBytes.toString(StandardCharsets.UTF_8));
    }

    /** The non-empty lines written to stderr. */
    java.util.List<String> errLines() {
        return err.lines().filter(l -> !l.isBlank()).toList();
    }
}
