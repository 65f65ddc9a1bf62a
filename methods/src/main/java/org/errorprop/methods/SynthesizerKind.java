package org.errorprop.methods;

/** The forms of a synthetic-gradient module. */
public enum SynthesizerKind {
    /** {@code SG(h, y) = hA + yB + C}, zero-initialised (the paper's choice). */
    LINEAR,
    /** An MLP on {@code [h, y]}, hidden layers linear + BatchNorm + ReLU, zero-initialised output layer. */
    MLP,
    /** {@code SG(h, y) = d ∘ σ(hA) + yB + C} for log losses (paper §2.7), {@code d} a learned per-unit scale. */
    SIGMOID,
    /**
     * {@code SG(h, y) = yB + C}, zero-initialised: labels only, no activation (Supp. Fig. 9 e–h); needs a
     * label-conditioned method ({@code csg}).
     */
    LABEL_ONLY
}
