package org.errorprop.proofs;

import java.util.List;

/** Every check errorprop runs for the paper, in the paper's order. */
public final class Statements {
    private Statements() {
    }

    public static List<Check<?>> all() {
        return List.of();
    }
}
