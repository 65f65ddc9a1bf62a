package org.errorprop.methods;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.signal.Method;

/**
 * Finds propagation rules by their CLI name. Rules announce themselves as {@link MethodProvider}s in
 * {@code META-INF/services}, so this class imports no rule: adding a rule is one class plus one service
 * line. The order of the names is the order of the service lines (methods' own file first), which is
 * the order {@code info} shows and {@code compare} defaults keep.
 */
public final class MethodCatalog {
    private final Map<String, Entry> rules;

    /** A registered rule and where it came from: {@code null} for errorprop's class path, else a plugin's jar. */
    private record Entry(MethodProvider<?> provider, String source) {
    }

    private MethodCatalog(Map<String, Entry> rules) {
        this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    }

    /** Every rule on errorprop's own class path: those errorprop ships and any jar put beside them. */
    public static MethodCatalog standard() {
        return new MethodCatalog(Map.of()).with(MethodCatalog.class.getClassLoader(), null);
    }

    /**
     * This catalog and the rules whose provider classes {@code loader} itself defines (not its parents),
     * e.g. a plugin jar's; {@code source} names it in messages and in {@link #source}. A loader that defines
     * no provider, a broken service entry, or a name that is taken already is a user's mistake.
     */
    public MethodCatalog withRulesFrom(ClassLoader loader, String source) {
        MethodCatalog more = with(loader, source);
        if (more.rules.size() == rules.size()) {
            throw new InvalidInputException(source + " declares no errorprop rule: it needs the class names of its "
                    + "providers in META-INF/services/" + MethodProvider.class.getName());
        }
        return more;
    }

    private MethodCatalog with(ClassLoader loader, String source) {
        Map<String, Entry> all = new LinkedHashMap<>(rules);
        try {
            for (MethodProvider<?> provider : ServiceLoader.load(MethodProvider.class, loader)) {
                if (provider.getClass().getClassLoader() != loader) {
                    continue;
                }
                Entry clash = all.get(provider.name());
                if (clash != null) {
                    throw new InvalidInputException("rule '" + provider.name() + "' of " + describe(source)
                            + " clashes with the rule of that name in " + describe(clash.source()));
                }
                all.put(provider.name(), new Entry(provider, source));
            }
        } catch (ServiceConfigurationError e) {
            throw new InvalidInputException(describe(source) + " has a broken rule provider: " + e.getMessage(), e);
        }
        return new MethodCatalog(all);
    }

    private static String describe(String source) {
        return source == null ? "errorprop's class path" : source;
    }

    /** The registered names, in registration order. */
    public List<String> names() {
        return List.copyOf(rules.keySet());
    }

    /** The plugin jar that brought rule {@code name}; empty for a rule on errorprop's class path. */
    public Optional<String> source(String name) {
        return Optional.ofNullable(entry(name).source());
    }

    /** The provider of {@code name}: its options, for help. */
    public MethodProvider<?> provider(String name) {
        return entry(name).provider();
    }

    /** Rule {@code name} with its default options. */
    public ChosenMethod<?> choose(String name) {
        return defaults(entry(name).provider());
    }

    private static <O> ChosenMethod<O> defaults(MethodProvider<O> provider) {
        return new ChosenMethod<>(provider, provider.options().defaults());
    }

    /** The rules that take option {@code key}, in registration order. */
    public List<String> rulesTaking(String key) {
        List<String> names = new ArrayList<>();
        rules.forEach((name, entry) -> {
            if (entry.provider().options().takes(key)) {
                names.add(name);
            }
        });
        return names;
    }

    /** A fresh method for {@code name} with default options. */
    public Method create(String name) {
        return choose(name).create();
    }

    private Entry entry(String name) {
        Entry entry = rules.get(name);
        if (entry == null) {
            throw new InvalidInputException("unknown method '" + name + "'; known methods: " + String.join(", ", names()));
        }
        return entry;
    }
}
