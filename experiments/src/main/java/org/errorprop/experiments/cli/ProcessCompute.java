package org.errorprop.experiments.cli;

import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.linalg.BlasKind;

/**
 * The one place that reads this process's compute settings and builds its {@link Compute}, once, before any
 * command runs: {@code -Derrorprop.blas=auto|native|java|ejml} (default {@code auto}) and
 * {@code -Derrorprop.threads=N}, the number of parts. Without {@code errorprop.threads}, one part per core, except
 * when native BLAS may start threads of its own ({@code OPENBLAS_NUM_THREADS} not 1): then one part, so that two
 * thread pools do not fight over the same cores. A bad value is a user's mistake (one line, exit 2).
 */
final class ProcessCompute {
    static final String BLAS_PROPERTY = "errorprop.blas";
    static final String THREADS_PROPERTY = "errorprop.threads";

    private ProcessCompute() {
    }

    static Compute build() {
        String blas = System.getProperty(BLAS_PROPERTY, "auto");
        BlasBackend backend;
        try {
            backend = BlasBackend.parse(blas);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("-D" + BLAS_PROPERTY + " must be auto, native, java or ejml, not '" + blas
                    + "'");
        }
        String threads = System.getProperty(THREADS_PROPERTY);
        if (threads != null) {
            return Compute.of(backend, parts(threads));
        }
        Compute probe = Compute.of(backend, 1);
        String blasThreads = System.getenv("OPENBLAS_NUM_THREADS");
        boolean blasMayThread = blasThreads == null || !blasThreads.trim().equals("1");
        if (probe.blas().kind() == BlasKind.NATIVE && blasMayThread) {
            return probe;
        }
        return Compute.of(backend, Runtime.getRuntime().availableProcessors());
    }

    private static int parts(String value) {
        try {
            int parts = Integer.parseInt(value.trim());
            if (parts >= 1) {
                return parts;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new InvalidInputException("-D" + THREADS_PROPERTY + " must be a positive integer, not '" + value + "'");
    }
}
