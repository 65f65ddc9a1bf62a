package org.errorprop.framework.network;

/** Whether a forward pass trains (BatchNorm uses and records batch statistics) or evaluates. */
public enum Mode {
    TRAIN,
    EVAL
}
