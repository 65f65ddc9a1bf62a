package org.errorprop.framework.linalg;

/** What actually carries the products of a {@link Blas}, as resolved from a {@link BlasBackend} choice. */
public enum BlasKind {
    /** JNI onto the system's BLAS (OpenBLAS on Debian with libopenblas0-pthread). */
    NATIVE,
    /** Pure Java on the incubating Vector API (needs {@code --add-modules jdk.incubator.vector}). */
    VECTOR_API,
    /** Plain Java loops. */
    PLAIN_JAVA,
    /** EJML's {@code CommonOps_DDRM} products, single-threaded. */
    EJML;

    static BlasKind of(Object implementation) {
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
