package org.errorprop.experiments.reproduce.table2;

import java.util.Locale;

/** How the model receives its output gradient: the true one, or the linear synthesizer's prediction of it. */
public enum TrainingMethod {
    BACKPROP,
    SYNTHETIC_GRADIENT;

    public String label() {
        return this == BACKPROP ? "backprop" : "sg";
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
