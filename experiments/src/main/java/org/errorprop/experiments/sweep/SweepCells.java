package org.errorprop.experiments.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.experiments.spec.SpecYaml;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.methods.MethodCatalog;
import org.errorprop.methods.options.OptionKey;

/**
 * Every cell of a sweep, resolved before anything trains, sorted by id. A grid point is the base with one value
 * of each grid key; its run spec goes through {@link SpecYaml#apply}, the run spec's one validation. A rule option
 * (in the base or the grid) goes to the cells whose rule takes it, like {@code compare}'s flags; one that no rule
 * of the sweep takes is an error. Grid points that differ only in an option their rule does not take are one
 * cell.
 */
public final class SweepCells {
    private SweepCells() {
    }

    /** The cells of {@code sweep}, sorted by id; {@code shown} names the file in errors. */
    public static List<SweepCell> resolve(MethodCatalog catalog, SweepSpec sweep, String shown) {
        Map<String, SweepCell> cells = new LinkedHashMap<>();
        Map<String, Map<String, Object>> rawValues = new LinkedHashMap<>();
        Set<String> optionsUsed = new LinkedHashSet<>();
        Set<String> rules = new TreeSet<>();
        for (Map<String, Object> point : points(sweep.grid())) {
            Map<String, Object> specKeys = new LinkedHashMap<>();
            Map<String, Object> options = new LinkedHashMap<>();
            sweep.base().forEach((key, value) -> (SpecYaml.isSpecKey(key) ? specKeys : options).put(key, value));
            point.forEach((key, value) -> (SpecYaml.isSpecKey(key) ? specKeys : options).put(key, value));
            RunSpec spec;
            Map<String, Object> taken = new LinkedHashMap<>();
            try {
                spec = SpecYaml.apply(catalog, RunSpec.reference(), specKeys);
                RunSpec plain = spec;
                options.forEach((key, value) -> {
                    if (plain.rule().takes(key)) {
                        taken.put(key, value);
                    }
                });
                if (!taken.isEmpty()) {
                    spec = SpecYaml.apply(catalog, spec, taken);
                }
            } catch (InvalidInputException e) {
                throw new InvalidInputException("sweep spec " + shown + ", cell " + point + ": " + e.getMessage(), e);
            }
            optionsUsed.addAll(taken.keySet());
            rules.add(spec.method());
            Map<String, Object> canonical = SpecYaml.toMap(spec);
            Map<String, Object> values = new LinkedHashMap<>();
            Map<String, Object> raw = new LinkedHashMap<>();
            for (Map.Entry<String, Object> entry : point.entrySet()) {
                String key = entry.getKey();
                if (SpecYaml.isSpecKey(key) || taken.containsKey(key)) {
                    values.put(key, canonical.get(key));
                    raw.put(key, entry.getValue());
                }
            }
            SweepCell cell = new SweepCell(CellId.of(spec), values, spec);
            SweepCell earlier = cells.putIfAbsent(cell.id(), cell);
            if (earlier == null) {
                rawValues.put(cell.id(), raw);
            } else {
                requireSameRun(earlier, cell, rawValues.get(cell.id()), raw, shown);
            }
        }
        Set<String> options = new LinkedHashSet<>();
        sweep.base().keySet().stream().filter(key -> !SpecYaml.isSpecKey(key)).forEach(options::add);
        sweep.grid().keySet().stream().filter(key -> !SpecYaml.isSpecKey(key)).forEach(options::add);
        for (String key : options) {
            if (!optionsUsed.contains(key)) {
                List<String> owners = catalog.rulesTaking(key);
                throw new InvalidInputException("sweep spec " + shown + ": '" + key + "' (" + OptionKey.flagOf(key)
                        + ") applies to none of the sweep's rules (" + String.join(", ", rules) + ")"
                        + (owners.isEmpty() ? "; it is no spec key and no rule takes it"
                        : "; it is an option of " + String.join(", ", owners)));
            }
        }
        List<SweepCell> sorted = new ArrayList<>(cells.values());
        sorted.sort(Comparator.comparing(SweepCell::id));
        return List.copyOf(sorted);
    }

    /** Two grid points gave one id: the same run (an option its rule does not take), or an error. */
    private static void requireSameRun(SweepCell earlier, SweepCell cell, Map<String, Object> earlierRaw,
                                       Map<String, Object> raw, String shown) {
        if (!SpecYaml.write(earlier.spec()).equals(SpecYaml.write(cell.spec()))) {
            throw new InvalidInputException("sweep spec " + shown + ": cells " + earlierRaw + " and " + raw
                    + " have the same id " + cell.id() + " (a hash collision); change a value slightly");
        }
        for (String key : raw.keySet()) {
            if (!raw.get(key).equals(earlierRaw.get(key))) {
                throw new InvalidInputException("sweep spec " + shown + ": grid key '" + key + "' lists "
                        + earlierRaw.get(key) + " and " + raw.get(key) + ", which make the same run; list it once");
            }
        }
    }

    /** The grid's points, the first key varying slowest. */
    static List<Map<String, Object>> points(Map<String, List<Object>> grid) {
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> axis : grid.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> point : points) {
                for (Object value : axis.getValue()) {
                    Map<String, Object> extended = new LinkedHashMap<>(point);
                    extended.put(axis.getKey(), value);
                    next.add(extended);
                }
            }
            points = next;
        }
        return points;
    }
}
