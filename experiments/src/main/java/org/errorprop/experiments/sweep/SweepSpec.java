package org.errorprop.experiments.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.errorprop.framework.InvalidInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A sweep spec file as written: {@code base}, the run-spec keys every cell shares (any key of a run spec, rule
 * options included), and {@code grid}, for each swept key the list of its values. Only the file's shape is checked
 * here; what the values mean is checked by resolving every cell ({@link SweepCells}), through the run spec's own
 * validation.
 *
 * @param text the file's text, copied into the sweep directory
 * @param base the shared keys, in file order
 * @param grid each swept key's values, in file order; every list non-empty and free of repeats
 */
public record SweepSpec(String text, Map<String, Object> base, Map<String, List<Object>> grid) {
    /** The file name of the spec's copy in a sweep directory. */
    public static final String FILE = "sweep.yaml";

    public SweepSpec {
        base = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(base));
        Map<String, List<Object>> copy = new LinkedHashMap<>();
        grid.forEach((key, values) -> copy.put(key, java.util.Collections.unmodifiableList(new ArrayList<>(values))));
        grid = java.util.Collections.unmodifiableMap(copy);
    }

    public static SweepSpec read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InvalidInputException("cannot read sweep spec " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /** Parses {@code text}; errors name {@code shown} (the file) and the key at fault. */
    public static SweepSpec parse(String text, String shown) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw new InvalidInputException("sweep spec " + shown + " is not valid YAML: "
                    + e.getMessage().replace('\n', ' '), e);
        }
        if (!(loaded instanceof Map<?, ?> top)) {
            throw new InvalidInputException("sweep spec " + shown + " must be a mapping with 'base' and 'grid', e.g. "
                    + "base: {epochs: 2} and grid: {method: [backprop, dfa], seed: [1, 2]}");
        }
        for (Object key : top.keySet()) {
            if (!"base".equals(key) && !"grid".equals(key)) {
                throw new InvalidInputException("sweep spec " + shown + ": unknown key '" + key
                        + "'; a sweep spec has 'base' (the keys every cell shares) and 'grid' (the swept keys)");
            }
        }
        Map<String, Object> base = mapping(top.get("base"), "base", shown, top.containsKey("base"));
        Map<String, Object> rawGrid = mapping(top.get("grid"), "grid", shown, top.containsKey("grid"));
        if (rawGrid.isEmpty()) {
            throw new InvalidInputException("sweep spec " + shown + ": 'grid' sweeps no key; give at least one, e.g. "
                    + "grid: {seed: [1, 2]}");
        }
        Map<String, List<Object>> grid = new LinkedHashMap<>();
        rawGrid.forEach((key, value) -> {
            if (base.containsKey(key)) {
                throw new InvalidInputException("sweep spec " + shown + ": '" + key
                        + "' is in both 'base' and 'grid'; give it in one");
            }
            grid.put(key, values(key, value, shown));
        });
        return new SweepSpec(text, base, grid);
    }

    private static Map<String, Object> mapping(Object value, String name, String shown, boolean present) {
        if (!present || (value == null && "base".equals(name))) {
            if ("grid".equals(name) && !present) {
                throw new InvalidInputException("sweep spec " + shown + " has no 'grid'; give the swept keys, e.g. "
                        + "grid: {method: [backprop, dfa], seed: [1, 2]}");
            }
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new InvalidInputException("sweep spec " + shown + ": '" + name + "' must be a mapping of keys to "
                    + ("grid".equals(name) ? "lists of values" : "values") + ", was " + value);
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        map.forEach((key, v) -> keys.put(String.valueOf(key), v));
        return keys;
    }

    private static List<Object> values(String key, Object value, String shown) {
        if (!(value instanceof List<?> list)) {
            throw new InvalidInputException("sweep spec " + shown + ": grid key '" + key
                    + "' must list its values, e.g. " + key + ": [A, B], was " + value);
        }
        if (list.isEmpty()) {
            throw new InvalidInputException("sweep spec " + shown + ": grid key '" + key + "' lists no value");
        }
        Set<Object> seen = new HashSet<>();
        for (Object element : list) {
            if (!seen.add(element)) {
                throw new InvalidInputException("sweep spec " + shown + ": grid key '" + key + "' lists " + element
                        + " twice");
            }
        }
        return new ArrayList<>(list);
    }
}
