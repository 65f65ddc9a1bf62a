package org.errorprop.methods;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.signal.Method;
import org.errorprop.methods.backprop.Backprop;

/**
 * Finds propagation rules by their CLI name. Adding a rule is one class plus one line in
 * {@link #standard()}.
 */
public final class MethodCatalog {
    private final Map<String, Supplier<Method>> factories;

    private MethodCatalog(Map<String, Supplier<Method>> factories) {
        this.factories = Collections.unmodifiableMap(new LinkedHashMap<>(factories));
    }

    /** Every rule errorprop ships. */
    public static MethodCatalog standard() {
        Map<String, Supplier<Method>> rules = new LinkedHashMap<>();
        rules.put(Backprop.NAME, Backprop::new);
        return new MethodCatalog(rules);
    }

    /** The registered names, in registration order. */
    public List<String> names() {
        return List.copyOf(factories.keySet());
    }

    /** A fresh method for {@code name}; an unknown name is a user's mistake and says what is known. */
    public Method create(String name) {
        Supplier<Method> factory = factories.get(name);
        if (factory == null) {
            throw new InvalidInputException("unknown method '" + name + "'; known methods: " + String.join(", ", names()));
        }
        return factory.get();
    }
}
