package org.errorprop.methods.options;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.errorprop.framework.InvalidInputException;

/**
 * A rule's options: its keys in order, its defaults, and how its immutable record is built from typed
 * values, which is where the record validates them. Turns key/value text (the command line) or YAML
 * values (a spec file) into the record and back, so the spec and the CLI never name a rule's keys.
 *
 * @param <R> the options record
 */
public final class OptionsDescriptor<R> {
    private static final OptionsDescriptor<NoOptions> NONE =
            new OptionsDescriptor<>(NoOptions.INSTANCE, values -> NoOptions.INSTANCE, List.of());

    private final R defaults;
    private final Function<OptionValues, R> build;
    private final List<OptionKey<R, ?>> keys;

    private OptionsDescriptor(R defaults, Function<OptionValues, R> build, List<OptionKey<R, ?>> keys) {
        this.defaults = Objects.requireNonNull(defaults);
        this.build = build;
        this.keys = List.copyOf(keys);
        if (keys.stream().map(OptionKey::name).distinct().count() != keys.size()) {
            throw new IllegalArgumentException("duplicate option keys in " + keys.stream().map(OptionKey::name).toList());
        }
    }

    /** A rule with the given keys; {@code build} makes the record from their values (and validates it). */
    @SafeVarargs
    public static <R> OptionsDescriptor<R> of(R defaults, Function<OptionValues, R> build, OptionKey<R, ?>... keys) {
        return new OptionsDescriptor<>(defaults, build, Arrays.asList(keys));
    }

    /** A rule that takes no options. */
    public static OptionsDescriptor<NoOptions> none() {
        return NONE;
    }

    public R defaults() {
        return defaults;
    }

    public List<OptionKey<R, ?>> keys() {
        return keys;
    }

    public List<String> keyNames() {
        return keys.stream().map(OptionKey::name).toList();
    }

    public boolean takes(String key) {
        return keys.stream().anyMatch(k -> k.name().equals(key));
    }

    /**
     * {@code base} with the given keys replaced; a value is command-line text or a YAML value. A key this
     * rule does not take is a user's mistake naming the key and {@code rule}.
     */
    public R with(String rule, R base, Map<String, ?> given) {
        for (String key : given.keySet()) {
            if (!takes(key)) {
                throw new InvalidInputException("rule '" + rule + "' takes no option " + key + " ("
                        + OptionKey.flagOf(key) + "); " + takenBy(rule));
            }
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (OptionKey<R, ?> key : keys) {
            Object raw = given.get(key.name());
            values.put(key.name(), raw == null ? key.valueIn(base) : key.type().read(key.name(), raw));
        }
        return build.apply(new OptionValues(values));
    }

    /** What {@code rule} takes, for messages: {@code "its options: a, b"} or {@code "it takes none"}. */
    public String takenBy(String rule) {
        return keys.isEmpty() ? "'" + rule + "' takes none" : "'" + rule + "' takes " + String.join(", ", keyNames());
    }

    /** The options as YAML values, keyed and ordered as declared. */
    public Map<String, Object> write(R options) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (OptionKey<R, ?> key : keys) {
            map.put(key.name(), key.writtenFrom(options));
        }
        return map;
    }

    /** One line per key for help: flag, form, default and description. */
    public List<String> describe() {
        List<String> lines = new ArrayList<>();
        for (OptionKey<R, ?> key : keys) {
            lines.add(key.flag() + " (" + key.type().form() + ", default " + key.writtenFrom(defaults) + "): "
                    + key.description());
        }
        return lines;
    }
}
