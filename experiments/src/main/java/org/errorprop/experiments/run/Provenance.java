package org.errorprop.experiments.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.MatmulPrecision;

/**
 * Where a run came from: code revision, JDK, OS, BLAS backend, product precision, cores, seed and command line.
 * Written as {@code provenance.yaml} beside every run's results.
 */
public final class Provenance {
    private Provenance() {
    }

    /** The facts of this process and checkout, in a fixed order. */
    public static Map<String, String> ofThisProcess(List<String> commandLine, Compute compute) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("errorprop_revision", CodeRevision.describe());
        facts.put("java_version", System.getProperty("java.version"));
        facts.put("java_vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        facts.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        facts.put("blas_backend", compute.blas().kind().name().toLowerCase(java.util.Locale.ROOT));
        facts.put("blas_implementation", compute.blas().implementationName());
        facts.put("openblas_num_threads", System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "unset"));
        facts.put("work_split", compute.splitter().describe());
        facts.put("matmul_precision", compute.precision().label());
        facts.put("command", String.join(" ", commandLine));
        return facts;
    }

    /**
     * {@code facts} of the process with the precision one run's products had (a run's spec may ask for another
     * precision than the process's own {@code Compute}).
     */
    public static Map<String, String> ofRun(Map<String, String> facts, MatmulPrecision precision) {
        Map<String, String> run = new LinkedHashMap<>(facts);
        run.put("matmul_precision", precision.label());
        return run;
    }

    /** {@code facts} followed by the facts of the data a run read ({@code DataSource.provenance()}). */
    public static Map<String, String> withData(Map<String, String> facts, Map<String, String> data) {
        Map<String, String> all = new LinkedHashMap<>(facts);
        all.putAll(data);
        return all;
    }

    public static String toYaml(Map<String, String> facts, long seed) {
        StringBuilder out = new StringBuilder("# errorprop provenance\n");
        out.append("seed: ").append(seed).append('\n');
        for (Map.Entry<String, String> fact : facts.entrySet()) {
            out.append(fact.getKey()).append(": '").append(fact.getValue().replace("'", "''")).append("'\n");
        }
        return out.toString();
    }

    /** The git revision of the checkout the running code was built from, marked when it had uncommitted changes. */
    public static String codeRevision() {
        return CodeRevision.describe();
    }

    /** The git revision of the checkout the running code was built from. */
    static final class CodeRevision {
        private static final String UNKNOWN = "unknown (not a git checkout)";

        private CodeRevision() {
        }

        static String describe() {
            Path here = codeLocation();
            if (here == null) {
                return UNKNOWN;
            }
            String revision = git(here, "rev-parse", "HEAD");
            if (revision == null) {
                return UNKNOWN;
            }
            String status = git(here, "status", "--porcelain", "--untracked-files=no");
            return status == null || status.isEmpty() ? revision : revision + " (with uncommitted changes)";
        }

        private static Path codeLocation() {
            try {
                Path location = Path.of(Provenance.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                return location.getParent();
            } catch (Exception e) {
                return null;
            }
        }

        private static String git(Path directory, String... arguments) {
            List<String> command = new java.util.ArrayList<>(List.of("git", "-C", directory.toString()));
            command.addAll(List.of(arguments));
            try {
                Process process = new ProcessBuilder(command).redirectErrorStream(false)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                byte[] output;
                try (InputStream in = process.getInputStream()) {
                    output = in.readAllBytes();
                }
                if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    return null;
                }
                return new String(output, StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }
}
