package org.errorprop.framework.compute;

import java.util.Locale;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.linalg.MatmulPrecision;
import org.errorprop.framework.parallel.WorkSplitter;

/**
 * Where and how a network computes: the BLAS backend, the precision of the matrix products, the number of parts large
 * passes are cut into, and the worker threads that run them. Built once by the caller (the command line reads its flags and properties; tests build
 * their own) and passed down explicitly to the layers, the optimiser and the training step, so two networks in one
 * JVM may compute differently. Its settings never change; {@link #close} stops its workers.
 *
 * <p>The same settings give the same numbers bit for bit; with native BLAS the number of parts changes no bit
 * either (see {@link Blas}). Why the framework splits work itself: ADR-0006; why it is an object: ADR-0007; the
 * product precision and {@link #withPrecision}: ADR-0009.
 */
public final class Compute implements AutoCloseable {
    private final BlasBackend backend;
    private final WorkSplitter splitter;
    private final Blas blas;
    /** Whether {@link #close} stops the splitter's workers: only the Compute that made them. */
    private final boolean ownsWorkers;

    private Compute(BlasBackend backend, WorkSplitter splitter, MatmulPrecision precision, boolean ownsWorkers) {
        this.backend = backend;
        this.splitter = splitter;
        this.blas = new Blas(backend, splitter, precision);
        this.ownsWorkers = ownsWorkers;
    }

    /** {@code parts} parts ({@code parts - 1} worker threads) on {@code backend}, products in double. */
    public static Compute of(BlasBackend backend, int parts) {
        return of(backend, parts, MatmulPrecision.FLOAT64);
    }

    /**
     * {@code parts} parts ({@code parts - 1} worker threads) on {@code backend}, products in {@code precision}.
     *
     * @throws InvalidInputException for fewer than one part, or float32 products on the EJML backend
     */
    public static Compute of(BlasBackend backend, int parts, MatmulPrecision precision) {
        if (parts < 1) {
            throw new InvalidInputException("the number of parts (threads) must be at least 1, was " + parts);
        }
        WorkSplitter splitter = new WorkSplitter(parts);
        try {
            return new Compute(backend, splitter, precision, true);
        } catch (RuntimeException e) {
            splitter.close();
            throw e;
        }
    }

    /** Everything on the calling thread, on netlib's own choice of BLAS, in double: what checks and tests use. */
    public static Compute sequential() {
        return of(BlasBackend.AUTO, 1);
    }

    /**
     * This Compute with its products in {@code precision}: itself if they already are, otherwise a new value on the
     * same backend and the same splitter (the same worker threads, no new ones) with products of its own. Closing
     * the new value stops nothing; closing this one stops the workers of both.
     *
     * @throws InvalidInputException for float32 products on the EJML backend
     */
    public Compute withPrecision(MatmulPrecision precision) {
        return precision == blas.precision() ? this : new Compute(backend, splitter, precision, false);
    }

    /** The precision of the products. */
    public MatmulPrecision precision() {
        return blas.precision();
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

    /** For provenance, e.g. {@code "native BLAS (dev.ludovic.netlib.blas.JNIBLAS), 2 parts, float64 products"}. */
    public String describe() {
        return String.format(Locale.ROOT, "%s BLAS (%s), %s, %s products", blas.kind().name().toLowerCase(Locale.ROOT),
                blas.implementationName(), splitter.describe(), blas.precision().label());
    }

    /**
     * Stops the worker threads if this Compute made them (not one from {@link #withPrecision}); the settings stay
     * readable and later passes run on the caller.
     */
    @Override
    public void close() {
        if (ownsWorkers) {
            splitter.close();
        }
    }
}
