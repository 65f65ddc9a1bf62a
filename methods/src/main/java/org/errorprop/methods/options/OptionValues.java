package org.errorprop.methods.options;

import java.util.Map;

/** The typed values of a rule's keys, from which {@link OptionsDescriptor} builds the options record. */
public final class OptionValues {
    private final Map<String, Object> values;

    OptionValues(Map<String, Object> values) {
        this.values = values;
    }

    /** The value of {@code key}; it was read with {@code key}'s own type, so the cast holds. */
    @SuppressWarnings("unchecked")
    public <T> T get(OptionKey<?, T> key) {
        if (!values.containsKey(key.name())) {
            throw new IllegalArgumentException("no value for option " + key.name() + "; is it in the descriptor?");
        }
        return (T) values.get(key.name());
    }
}
