package org.errorprop.experiments.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.errorprop.experiments.cli.ErrorpropCli;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code experiments/scripts/slurm-sweep-check.sh}: a single-node SLURM cluster from Debian's packages,
 * the example sweep as a 4-task job array with one task killed and resubmitted, merged and compared with the
 * same sweep run on one machine, and the control that a merge with a shard lost is refused. The script
 * installs the packages itself and stops every daemon it started. It needs root on Debian, which CI has;
 * elsewhere this test is skipped, saying why.
 */
class SlurmSweepCheckTest {
    private static final long TIMEOUT_MINUTES = 10;

    @Test
    void theShardedSweepOnSlurmEqualsTheSingleMachineSweep() throws IOException, InterruptedException {
        assumeTrue(isRootOnDebian(), "needs root on Debian (apt-get, the SLURM and munge daemons)");
        Path repository = Path.of("").toAbsolutePath().getParent();
        Path script = repository.resolve("experiments/scripts/slurm-sweep-check.sh");
        assertTrue(Files.isExecutable(script), script + " is executable");
        String errorprop = String.join(" ", Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), ErrorpropCli.class.getName());
        Path log = Files.createTempFile("slurm-sweep-check", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(List.of(script.toString())).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("ERRORPROP", errorprop);
            builder.environment().put("OPENBLAS_NUM_THREADS", "1");
            Process process = builder.start();
            boolean finished = process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
            if (!finished) {
                process.destroy();  // SIGTERM: the script's trap stops its daemons
                process.waitFor(30, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            System.out.print(output);
            assertTrue(finished, "the script finished within " + TIMEOUT_MINUTES + " minutes:\n" + output);
            assertEquals(0, process.exitValue(), "the script's checks held:\n" + output);
            assertTrue(output.contains("slurm-check: all checks held"), output);
            // Every daemon it started is gone: their command lines name the script's work directory.
            Process left = new ProcessBuilder("pgrep", "-a", "-f", "/tmp/errorprop-slurm[.]").redirectErrorStream(true)
                    .start();
            String survivors = new String(left.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, left.waitFor(), "no daemon of the script is left running: " + survivors);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean isRootOnDebian() throws IOException, InterruptedException {
        if (!Files.exists(Path.of("/etc/debian_version")) || !Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return false;
        }
        Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        return id.waitFor() == 0 && uid.equals("0");
    }
}
