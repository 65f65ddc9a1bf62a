package org.errorprop.methods.unified;

/** The module loss {@code L_SG(t, s)} of Table 1 and its derivative in {@code s}. */
public enum ModuleLoss {
    /** {@code ‖t − s‖²}: {@code ∂/∂s = 2(s − t)} (SG columns). */
    SQUARED_ERROR,
    /** {@code −⟨t, s⟩}: {@code ∂/∂s = −t} (Bprop, DFA, FA, Kickback columns). */
    NEGATIVE_INNER_PRODUCT;

    /** Whether {@code ∂L_SG/∂s} depends on {@code s} (so {@code s} must be computed). */
    boolean readsOutput() {
        return this == SQUARED_ERROR;
    }

    /** {@code ∂L_SG/∂s} for {@code s} and {@code t}, one element. */
    double derivative(double s, double t) {
        return this == SQUARED_ERROR ? 2 * (s - t) : -t;
    }
}
