package org.errorprop.experiments.jmh;

import java.util.Locale;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.experiments.bench.BenchmarkNetwork;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.linalg.BlasBackend;

/** What the JMH benchmarks share: the network of issue #6, the seed, the forks' JVM options, the backend check. */
final class BenchmarkSetup {
    /** 784 → 6 × (Linear 256, BatchNorm, ReLU) → Linear 10, batches of 128. */
    static final BenchmarkNetwork NETWORK = new BenchmarkNetwork(6, 256, 128);
    /** The master seed of every benchmark's {@link org.errorprop.framework.random.RandomStreams}. */
    static final long SEED = 1;
    /**
     * The pure-Java BLAS runs on the incubating Vector API only with this module; it goes into every fork's
     * {@code jvmArgsPrepend}, so that {@code -jvmArgsAppend} on the command line (for example
     * {@code -Derrorprop.blas=ejml}) does not drop it.
     */
    static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";
    /** The fork option that selects dev.ludovic.netlib's pure-Java BLAS. */
    static final String PURE_JAVA_BLAS = "-D" + BlasBackend.PROPERTY + "=java";
    /** The fork option that routes the products through EJML's {@code CommonOps_DDRM}. */
    static final String EJML_BLAS = "-D" + BlasBackend.PROPERTY + "=ejml";

    private BenchmarkSetup() {
    }

    /** One line for the fork's output: which backend carries the products in this JVM. */
    static void reportBackend() {
        System.out.println("errorprop BLAS: " + Blas.backend().name().toLowerCase(Locale.ROOT) + " ("
                + Blas.implementationName() + "), -D" + BlasBackend.PROPERTY + "="
                + System.getProperty(BlasBackend.PROPERTY, "(unset: auto)") + ", OPENBLAS_NUM_THREADS="
                + System.getenv().getOrDefault("OPENBLAS_NUM_THREADS", "unset"));
    }

    /**
     * Fails the trial unless this JVM was started with {@code -Derrorprop.blas=choice} and {@link Blas} in fact
     * uses {@code expected}: a benchmark named for a backend must not silently measure another one.
     */
    static void requireBackend(String choice, BlasBackend expected) {
        String asked = System.getProperty(BlasBackend.PROPERTY);
        if (!choice.equals(asked) || Blas.backend() != expected) {
            throw new IllegalStateException("this benchmark measures -D" + BlasBackend.PROPERTY + "=" + choice
                    + " (" + expected + "), but the fork has -D" + BlasBackend.PROPERTY + "=" + asked + " and uses "
                    + Blas.backend() + " (" + Blas.implementationName() + ")");
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
