package org.errorprop.experiments.jmh;

import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.experiments.bench.BenchmarkNetwork;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.linalg.BlasKind;

/** What the JMH benchmarks share: the network of issue #6, the seed, the forks' JVM options, the backend check. */
final class BenchmarkSetup {
    /** 784 → 6 × (Linear 256, BatchNorm, ReLU) → Linear 10, batches of 128. */
    static final BenchmarkNetwork NETWORK = new BenchmarkNetwork(6, 256, 128);
    /** The master seed of every benchmark's {@link org.errorprop.framework.random.RandomStreams}. */
    static final long SEED = 1;
    /** The fork's BLAS choice, as the command line reads it ({@code auto} when unset). */
    static final String BLAS_PROPERTY = "errorprop.blas";
    /** Where every benchmark of this fork computes: its BLAS choice, one part per core. */
    static final Compute COMPUTE = Compute.of(BlasBackend.parse(System.getProperty(BLAS_PROPERTY, "auto")),
            Runtime.getRuntime().availableProcessors());
    /**
     * The pure-Java BLAS runs on the incubating Vector API only with this module; it goes into every fork's
     * {@code jvmArgsPrepend}, so that {@code -jvmArgsAppend} on the command line (for example
     * {@code -Derrorprop.blas=ejml}) does not drop it.
     */
    static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";
    /** The fork option that selects dev.ludovic.netlib's pure-Java BLAS. */
    static final String PURE_JAVA_BLAS = "-D" + BLAS_PROPERTY + "=java";
    /** The fork option that routes the products through EJML's {@code CommonOps_DDRM}. */
    static final String EJML_BLAS = "-D" + BLAS_PROPERTY + "=ejml";

    private BenchmarkSetup() {
    }

    /** One line for the fork's output: what carries the products in this JVM. */
    static void reportBackend() {
        System.out.println("errorprop compute: " + COMPUTE.describe() + ", -D" + BLAS_PROPERTY + "="
                + System.getProperty(BLAS_PROPERTY, "(unset: auto)") + ", OPENBLAS_NUM_THREADS="
                + System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "unset"));
    }

    /**
     * Fails the trial unless this JVM was started with {@code -Derrorprop.blas=choice} and its products in fact run
     * on {@code expected}: a benchmark named for a backend must not silently measure another one.
     */
    static void requireBackend(String choice, BlasKind expected) {
        String asked = System.getProperty(BLAS_PROPERTY);
        if (!choice.equals(asked) || COMPUTE.blas().kind() != expected) {
            throw new IllegalStateException("this benchmark measures -D" + BLAS_PROPERTY + "=" + choice
                    + " (" + expected + "), but the fork has -D" + BLAS_PROPERTY + "=" + asked + " and uses "
                    + COMPUTE.describe());
        }
    }

    /** A {@code rows × columns} matrix of values uniform in [-1, 1). */
    static DMatrixRMaj uniform(int rows, int columns, RandomGenerator random) {
        DMatrixRMaj matrix = new DMatrixRMaj(rows, columns);
        for (int i = 0; i < matrix.data.length; i++) {
            matrix.data[i] = 2 * random.nextDouble() - 1;
        }
        return matrix;
    }
}
