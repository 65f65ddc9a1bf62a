package org.errorprop.methods.options;

/** The options of a rule that takes none. */
public enum NoOptions {
    INSTANCE
}
