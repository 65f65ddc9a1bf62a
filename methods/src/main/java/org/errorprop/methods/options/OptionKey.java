package org.errorprop.methods.options;

import java.util.Objects;
import java.util.function.Function;

/**
 * One setting of a rule: its spec key (snake case, {@code feedback_scale}; the command-line flag is the
 * same in kebab case, {@code --feedback-scale}), the type of its value, and where the options record keeps it.
 *
 * @param <R> the rule's options record
 * @param <T> the value's type
 */
public final class OptionKey<R, T> {
    private final String name;
    private final OptionType<T> type;
    private final Function<R, T> getter;
    private final String description;

    private OptionKey(String name, OptionType<T> type, Function<R, T> getter, String description) {
        if (!name.matches("[a-z][a-z0-9]*(_[a-z0-9]+)*")) {
            throw new IllegalArgumentException("an option key is lower snake case, not '" + name + "'");
        }
        this.name = name;
        this.type = Objects.requireNonNull(type);
        this.getter = Objects.requireNonNull(getter);
        this.description = Objects.requireNonNull(description);
    }

    /** The key {@code name}, read and written as {@code type}, kept by the record's accessor {@code getter}. */
    public static <R, T> OptionKey<R, T> of(String name, OptionType<T> type, Function<R, T> getter, String description) {
        return new OptionKey<>(name, type, getter, description);
    }

    /** The spec key, e.g. {@code feedback_scale}. */
    public String name() {
        return name;
    }

    /** The command-line flag, e.g. {@code --feedback-scale}. */
    public String flag() {
        return flagOf(name);
    }

    /** The flag of spec key {@code key}. */
    public static String flagOf(String key) {
        return "--" + key.replace('_', '-');
    }

    public OptionType<T> type() {
        return type;
    }

    public String description() {
        return description;
    }

    /** This key's value in {@code options}. */
    public T valueIn(R options) {
        return getter.apply(options);
    }

    /** This key's value in {@code options} as YAML. */
    Object writtenFrom(R options) {
        return type.write(getter.apply(options));
    }
}
