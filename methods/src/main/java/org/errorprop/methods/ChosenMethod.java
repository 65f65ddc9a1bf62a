package org.errorprop.methods;

import java.util.Map;
import java.util.Objects;
import org.errorprop.framework.signal.Method;

/**
 * A rule with its options: what a spec records about the method. Equal when the names and the
 * options are equal.
 *
 * @param <O> the rule's options record
 */
public final class ChosenMethod<O> {
    private final MethodProvider<O> provider;
    private final O options;

    ChosenMethod(MethodProvider<O> provider, O options) {
        this.provider = Objects.requireNonNull(provider);
        this.options = Objects.requireNonNull(options);
    }

    public String name() {
        return provider.name();
    }

    public O options() {
        return options;
    }

    /** A fresh method. */
    public Method create() {
        return provider.create(options);
    }

    /** See {@link MethodProvider#stateDoubles}. */
    public long stateDoubles(org.errorprop.framework.network.NetworkShape shape, int rows, int copiesPerParameter) {
        return provider.stateDoubles(options, shape, rows, copiesPerParameter);
    }

    /** Whether this rule has the option {@code key}. */
    public boolean takes(String key) {
        return provider.options().takes(key);
    }

    /**
     * These options with {@code given} replaced (command-line text or YAML values by key); a key the rule
     * does not take is a user's mistake.
     */
    public ChosenMethod<O> with(Map<String, ?> given) {
        return given.isEmpty() ? this : new ChosenMethod<>(provider, provider.options().with(name(), options, given));
    }

    /** The options as YAML values, in the rule's order. */
    public Map<String, Object> optionValues() {
        return provider.options().write(options);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ChosenMethod<?> that && name().equals(that.name()) && options.equals(that.options);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name(), options);
    }

    @Override
    public String toString() {
        return name() + " " + optionValues();
    }
}
