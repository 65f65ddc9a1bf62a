package org.errorprop.framework.linalg;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.Locale;
import org.errorprop.framework.InvalidInputException;

/**
 * Which implementation carries the matrix products: {@code auto} (dev.ludovic.netlib's choice, native when the
 * system has a BLAS), {@code native}, {@code java} (dev.ludovic.netlib's pure-Java BLAS, on the Vector API when the
 * module is present) or {@code ejml} (EJML's own {@code CommonOps_DDRM.mult} family, the reference the pure-Java
 * path is measured against). A {@link org.errorprop.framework.compute.Compute} is built with one choice; the
 * framework never reads it from the process.
 */
public enum BlasBackend {
    AUTO, NATIVE, JAVA, EJML;

    /** The choice named {@code value} (case-insensitive); an unknown name is a user's mistake. */
    public static BlasBackend parse(String value) {
        for (BlasBackend choice : values()) {
            if (choice.name().toLowerCase(Locale.ROOT).equals(value.trim().toLowerCase(Locale.ROOT))) {
                return choice;
            }
        }
        throw new InvalidInputException("the BLAS backend must be auto, native, java or ejml, not '" + value + "'");
    }

    /** The netlib implementation behind this choice ({@code ejml} keeps netlib's own choice for nothing but names). */
    BLAS implementation() {
        return switch (this) {
            case NATIVE -> nativeImplementation();
            case JAVA -> JavaBLAS.getInstance();
            case AUTO, EJML -> BLAS.getInstance();
        };
    }

    private static BLAS nativeImplementation() {
        try {
            return NativeBLAS.getInstance();
        } catch (RuntimeException e) {
            throw new InvalidInputException("the native BLAS was asked for, but none could be loaded (install "
                    + "libopenblas0-pthread, or choose auto or java)");
        }
    }
}
