package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The JVM properties read once per process ({@code -Derrorprop.blas}, {@code -Derrorprop.threads}): a bad value is a
 * user's mistake, one line on stderr and exit 2, before any command runs. Each case is its own JVM, since the
 * properties are read when the classes initialise.
 */
class ProcessSettingsTest {

    @Test
    void anUnknownBlasBackendIsOneLineAndExitTwo() throws Exception {
        Result result = runCli(List.of("-Derrorprop.blas=fortran"), "info");
        assertEquals(2, result.exitCode(), result.stderr());
        assertEquals(1, result.stderr().lines().count(), result.stderr());
        assertTrue(result.stderr().contains("-Derrorprop.blas must be auto, native, java or ejml, not 'fortran'"),
                result.stderr());
        assertFalse(result.stderr().contains("Exception"), result.stderr());
    }

    @Test
    void aNonPositiveThreadCountIsOneLineAndExitTwo() throws Exception {
        Result result = runCli(List.of("-Derrorprop.threads=0"), "info");
        assertEquals(2, result.exitCode(), result.stderr());
        assertEquals(1, result.stderr().lines().count(), result.stderr());
        assertTrue(result.stderr().contains("-Derrorprop.threads must be a positive integer, not '0'"),
                result.stderr());
    }

    @Test
    void validSettingsRunTheCommand() throws Exception {
        Result result = runCli(List.of("-Derrorprop.blas=java", "-Derrorprop.threads=1"), "info");
        assertEquals(0, result.exitCode(), result.stderr());
    }

    private record Result(int exitCode, String stderr) {
    }

    /** Runs {@code errorprop COMMAND} in a fresh JVM with the given {@code -D} properties; stdout is discarded. */
    private static Result runCli(List<String> properties, String command) throws Exception {
        Path javaBinary = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> line = new ArrayList<>(List.of(javaBinary.toString(), "--add-modules", "jdk.incubator.vector"));
        line.addAll(properties);
        line.addAll(List.of("-cp", System.getProperty("java.class.path"), ErrorpropCli.class.getName(), command));
        Process process = new ProcessBuilder(line).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .collect(Collectors.joining("\n"));
        return new Result(process.waitFor(), err);
    }
}
