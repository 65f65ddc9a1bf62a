package org.errorprop.framework.linalg;

/** Which implementation of dev.ludovic.netlib's BLAS carries the matrix products. */
public enum BlasBackend {
    /** JNI onto the system's BLAS (OpenBLAS on Debian with libopenblas0-pthread). */
    NATIVE,
    /** Pure Java on the incubating Vector API (needs {@code --add-modules jdk.incubator.vector}). */
    VECTOR_API,
    /** Plain Java loops. */
    PLAIN_JAVA;

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
}
