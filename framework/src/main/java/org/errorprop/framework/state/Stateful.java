package org.errorprop.framework.state;

/**
 * A component whose training state outlives a step (weights, BatchNorm's running statistics, an optimiser's
 * moments, a synthesizer's weights): it exports that state as named arrays and imports it back, explicitly,
 * so that training continued from an import gives the numbers of training that never stopped, bit for bit.
 * Scratch (workspaces, gradients a step overwrites before reading them) is not state.
 */
public interface Stateful {

    /** Puts every array of the state, under names unique within this component. */
    void exportState(StateWriter out);

    /** Sets the state from what {@link #exportState} of a component of the same shape put. */
    void importState(StateReader in);
}
