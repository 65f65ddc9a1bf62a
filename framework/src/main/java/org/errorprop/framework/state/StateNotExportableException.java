package org.errorprop.framework.state;

/**
 * A component has training state but no way to export it (a rule from a plugin that does not implement
 * {@link Stateful}): its run cannot be checkpointed. Thrown instead of saving a state that would resume wrongly.
 */
public final class StateNotExportableException extends UnsupportedOperationException {
    private static final long serialVersionUID = 1L;

    public StateNotExportableException(String message) {
        super(message);
    }
}
