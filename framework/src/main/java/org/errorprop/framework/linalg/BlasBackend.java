package org.errorprop.framework.linalg;

import java.util.Locale;

/**
 * Which implementation carries the matrix products. The process chooses once, at start, from the system property
 * {@value #PROPERTY}: {@code auto} (the default: dev.ludovic.netlib's choice, native when the system has a BLAS),
 * {@code native}, {@code java} (dev.ludovic.netlib's pure-Java BLAS, on the Vector API when the module is present)
 * or {@code ejml} (EJML's own {@code CommonOps_DDRM.mult} family, the reference the pure-Java path is measured
 * against).
 */
public enum BlasBackend {
    /** JNI onto the system's BLAS (OpenBLAS on Debian with libopenblas0-pthread). */
    NATIVE,
    /** Pure Java on the incubating Vector API (needs {@code --add-modules jdk.incubator.vector}). */
    VECTOR_API,
    /** Plain Java loops. */
    PLAIN_JAVA,
    /** EJML's {@code CommonOps_DDRM} products, single-threaded. */
    EJML;

    /** The system property naming the backend to use. */
    public static final String PROPERTY = "errorprop.blas";

    static BlasBackend of(Object implementation) {
        String name = implementation.getClass().getSimpleName();
        if (name.contains("JNI")) {
            return NATIVE;
        }
        if (name.contains("Vector")) {
            return VECTOR_API;
        }
        return PLAIN_JAVA;
    }

    /** What the user asked for in {@value #PROPERTY}. */
    enum Choice {
        AUTO, NATIVE, JAVA, EJML;

        static Choice parse(String value) {
            for (Choice choice : values()) {
                if (choice.name().toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return choice;
                }
            }
            throw new IllegalStateException("-D" + PROPERTY + " must be auto, native, java or ejml, not '" + value
                    + "'");
        }
    }
}
