package org.errorprop.framework.compute;

import java.util.Locale;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.parallel.WorkSplitter;

/**
 * Where and how a network computes: the BLAS backend, the number of parts large passes are cut into, and the worker
 * threads that run them. Built once by the caller (the command line reads its flags and properties; tests build
 * their own) and passed down explicitly to the layers, the optimiser and the training step, so two networks in one
 * JVM may compute differently. Its settings never change; {@link #close} stops its workers.
 *
 * <p>The same settings give the same numbers bit for bit; with native BLAS the number of parts changes no bit
 * either (see {@link Blas}). Why the framework splits work itself: ADR-0006; why it is an object: ADR-0007.
 */
public final class Compute implements AutoCloseable {
    private final BlasBackend backend;
    private final WorkSplitter splitter;
    private final Blas blas;

    private Compute(BlasBackend backend, int parts) {
        if (parts < 1) {
            throw new InvalidInputException("the number of parts (threads) must be at least 1, was " + parts);
        }
        this.backend = backend;
        this.splitter = new WorkSplitter(parts);
        this.blas = new Blas(backend, splitter);
    }

    /** {@code parts} parts ({@code parts - 1} worker threads) on {@code backend}. */
    public static Compute of(BlasBackend backend, int parts) {
        return new Compute(backend, parts);
    }

    /** Everything on the calling thread, on netlib's own choice of BLAS: what checks and tests use. */
    public static Compute sequential() {
        return new Compute(BlasBackend.AUTO, 1);
    }

    /** The products. */
    public Blas blas() {
        return blas;
    }

    /** The splitter for elementwise, row- and column-wise passes. */
    public WorkSplitter splitter() {
        return splitter;
    }

    /** The backend asked for (what {@link Blas#kind()} resolved it to is on {@link #blas()}). */
    public BlasBackend backend() {
        return backend;
    }

    public int parts() {
        return splitter.parts();
    }

    /** For provenance, e.g. {@code "native BLAS (dev.ludovic.netlib.blas.JNIBLAS), 2 parts"}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s BLAS (%s), %s", blas.kind().name().toLowerCase(Locale.ROOT),
                blas.implementationName(), splitter.describe());
    }

    /** Stops the worker threads; the settings stay readable and later passes run on the caller. */
    @Override
    public void close() {
        splitter.close();
    }
}
