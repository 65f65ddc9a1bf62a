package org.errorprop.experiments.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.data.Normalization;
import org.errorprop.framework.linalg.MatmulPrecision;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.methods.ChosenMethod;
import org.errorprop.methods.MethodCatalog;
import org.errorprop.methods.options.OptionKey;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@link RunSpec} as YAML, both ways. The keys are the record's components in snake case, and in place
 * of the rule's options the keys of the chosen rule, and only those (its {@code OptionsDescriptor} reads
 * and writes them; this class names none). A file may give any subset (the rest comes from a base spec),
 * but an unknown key, an option of another rule, or a value of the wrong type is a user's mistake.
 * Command-line flags are applied the same way, as a map of overrides, so there is one path that
 * validates a spec.
 */
public final class SpecYaml {
    private static final Set<String> KEYS = Set.of("method", "seed", "epochs", "batch_size", "optimizer",
            "learning_rate", "l2", "hidden", "activation", "bias", "batch_norm", "loss", "data", "normalization",
            "probe_every", "synthesizer_lr_scale", "matmul_precision", "schedule", "stages", "stage_boundaries",
            "queue_capacity", "update_probability");
    /** How SnakeYAML's {@link DuplicateKeyException} begins its problem, before the key. */
    private static final String DUPLICATE_KEY = "found duplicate key";
    /** Deepest nesting a spec file may have; see {@link #loaderOptions()}. */
    static final int MAX_NESTING = 10;
    /** Longest spec file, in characters: a written spec.yaml is under 1,000. */
    static final int MAX_SPEC_CHARACTERS = 1 << 20;
    /** Said when a spec file holds another rule's option: files from before per-rule options hold every rule's. */
    private static final String OLD_FILE_HINT = "; a spec.yaml written before rules had their own options lists the keys "
            + "of every rule: delete the ones this rule does not take";

    private SpecYaml() {
    }

    /** Whether {@code key} is a key of every spec rather than one of a rule's options. */
    public static boolean isSpecKey(String key) {
        return KEYS.contains(key);
    }

    public static Map<String, Object> toMap(RunSpec spec) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("method", spec.method());
        map.put("seed", spec.seed());
        map.put("epochs", spec.epochs());
        map.put("batch_size", spec.batchSize());
        map.put("optimizer", SpecNames.of(spec.optimizer()));
        map.put("learning_rate", spec.learningRate());
        map.put("l2", spec.l2());
        map.put("hidden", new ArrayList<>(spec.hiddenWidths()));
        map.put("activation", SpecNames.of(spec.activation()));
        map.put("bias", spec.bias());
        map.put("batch_norm", spec.batchNorm());
        map.put("loss", SpecNames.of(spec.loss()));
        map.put("data", spec.data());
        Map<String, Object> normalization = new LinkedHashMap<>();
        normalization.put("mean", spec.normalization().mean());
        normalization.put("std", spec.normalization().std());
        map.put("normalization", normalization);
        map.putAll(spec.rule().optionValues());
        map.put("probe_every", spec.probeEvery());
        map.put("synthesizer_lr_scale", spec.synthesizerLearningRateScale());
        map.put("matmul_precision", SpecNames.of(spec.matmulPrecision()));
        if (!spec.schedule().equals(ScheduleChoice.SEQUENTIAL)) {
            // only then: a sequential run's spec (and so every sweep cell's id, a digest of it) stays what it was
            // before schedules existed
            map.putAll(scheduleKeys(spec.schedule()));
        }
        return map;
    }

    private static Map<String, Object> scheduleKeys(ScheduleChoice schedule) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("schedule", SpecNames.of(schedule.schedule()));
        map.put("stages", schedule.stages());
        map.put("stage_boundaries", new ArrayList<>(schedule.stageBoundaries()));
        map.put("queue_capacity", schedule.queueCapacity());
        map.put("update_probability", schedule.updateProbability());
        return map;
    }

    public static String write(RunSpec spec) {
        DumperOptions options = new DumperOptions();
        // AUTO: the top level in block style, lists and maps of scalars in flow style ([256, 256]).
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.AUTO);
        return "# errorprop run spec; replay with: errorprop train --spec FILE\n"
                + new Yaml(options).dump(toMap(spec));
    }

    /**
     * What the runs of a comparison share, as YAML: every key but {@code method}, {@code seed} and the rule's
     * options (compare takes those from {@code --methods}, {@code --seeds} and the rules' flags).
     */
    public static String writeShared(RunSpec spec) {
        Map<String, Object> map = toMap(spec);
        map.keySet().retainAll(KEYS);
        map.keySet().removeAll(Set.of("method", "seed"));
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.AUTO);
        return "# errorprop compare spec, shared by every run; replay with: errorprop compare --spec FILE "
                + "--methods ... --seeds ...\n" + new Yaml(options).dump(map);
    }

    /** Reads a YAML file of overrides onto {@code base}; {@code catalog} knows the rules and their options. */
    public static RunSpec read(MethodCatalog catalog, Path file, RunSpec base) {
        return applyFile(catalog, file, base, readKeys(file));
    }

    /**
     * {@code base} with the keys {@link #readKeys} read from {@code file}; a mistake in them is reported naming
     * the file.
     */
    public static RunSpec applyFile(MethodCatalog catalog, Path file, RunSpec base, Map<String, Object> keys) {
        try {
            return apply(catalog, base, keys, OLD_FILE_HINT);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("spec " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The keys a spec file sets, in file order, unchecked against the spec's keys. Refused with one line: a
     * file that cannot be read, is not YAML, is not a mapping, sets nothing (empty, only comments, {@code {}}),
     * repeats a key, or exceeds the limits of {@link #loaderOptions()} (nesting, size, aliases).
     */
    public static Map<String, Object> readKeys(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InvalidInputException("cannot read spec " + file + ": " + oneLine(e.getMessage()), e);
        }
        if (text.length() > MAX_SPEC_CHARACTERS) {
            throw new InvalidInputException("spec " + file + " has " + text.length() + " characters, more than the "
                    + MAX_SPEC_CHARACTERS + " a spec may have; a spec is a few dozen keys");
        }
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(loaderOptions())).load(text);
        } catch (DuplicateKeyException e) {
            String problem = e.getProblem() == null ? "a duplicate key" : e.getProblem();
            String key = problem.startsWith(DUPLICATE_KEY) ? problem.substring(DUPLICATE_KEY.length()).strip() : "";
            throw new InvalidInputException("spec " + file + " sets " + describe(key) + " twice (again on line "
                    + (e.getProblemMark() == null ? "?" : e.getProblemMark().getLine() + 1)
                    + "); keep one of the two", e);
        } catch (MarkedYAMLException e) {
            String where = e.getProblemMark() == null ? "" : " (line " + (e.getProblemMark().getLine() + 1)
                    + ", column " + (e.getProblemMark().getColumn() + 1) + ")";
            throw new InvalidInputException("spec " + file + " is not valid YAML: "
                    + oneLine(e.getProblem() == null ? e.getMessage() : e.getProblem()) + where, e);
        } catch (YAMLException e) {
            throw new InvalidInputException("spec " + file + " is not a valid spec: " + oneLine(e.getMessage()), e);
        } catch (StackOverflowError e) {
            throw new InvalidInputException("spec " + file + " is nested too deeply to read", e);
        }
        if (loaded == null || loaded instanceof Map<?, ?> none && none.isEmpty()) {
            throw new InvalidInputException("spec " + file + " is empty: it sets nothing; give the keys to change, "
                    + "e.g. 'epochs: 20' (a run's spec.yaml lists them all), or leave out --spec for the defaults");
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new InvalidInputException("spec " + file + " must be a mapping of keys to values");
        }
        Map<String, Object> keys = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (!(entry.getKey() instanceof String key) || !key.matches("[A-Za-z0-9_-]{1,64}")) {
                throw new InvalidInputException("spec " + file + " has a key that is not a name: "
                        + describe(entry.getKey()) + "; keys are words such as learning_rate");
            }
            keys.put(key, entry.getValue());
        }
        return keys;
    }

    /**
     * What the YAML reader accepts: no duplicate keys; at most {@value #MAX_NESTING} levels of nesting (a spec
     * has two: {@code normalization: {mean, std}}); no aliases ({@code *a}: a spec needs none, and they are how
     * a small file expands into a huge one); at most {@value #MAX_SPEC_CHARACTERS} characters.
     */
    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setMaxAliasesForCollections(0);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(MAX_SPEC_CHARACTERS);
        return options;
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").strip();
    }

    /**
     * {@code base} with the given keys replaced; validates names and types. A key that is not a spec key is
     * an option of the spec's rule (the new rule's defaults when {@code method} changes).
     */
    public static RunSpec apply(MethodCatalog catalog, RunSpec base, Map<String, Object> overrides) {
        return apply(catalog, base, overrides, "");
    }

    private static RunSpec apply(MethodCatalog catalog, RunSpec base, Map<String, Object> overrides, String hint) {
        Map<String, Object> merged = toMap(base);
        scheduleKeys(base.schedule()).forEach(merged::putIfAbsent);
        merged.keySet().retainAll(KEYS);
        Map<String, Object> ruleOptions = new LinkedHashMap<>();
        overrides.forEach((key, value) -> (KEYS.contains(key) ? merged : ruleOptions).put(key, value));
        String name = text(merged, "method");
        ChosenMethod<?> rule = withOptions(catalog, name.equals(base.method()) ? base.rule() : catalog.choose(name),
                ruleOptions, hint);
        return new RunSpec(
                rule,
                integer(merged, "seed", Long.MIN_VALUE, Long.MAX_VALUE),
                (int) integer(merged, "epochs", 1, RunSpec.MAX_EPOCHS),
                (int) integer(merged, "batch_size", 1, Integer.MAX_VALUE),
                SpecNames.parse(OptimizerChoice.class, "optimizer", text(merged, "optimizer")),
                number(merged, "learning_rate"),
                number(merged, "l2"),
                widths("hidden", merged.get("hidden")),
                SpecNames.parse(Activation.class, "activation", text(merged, "activation")),
                bool(merged, "bias"),
                bool(merged, "batch_norm"),
                SpecNames.parse(LossFunction.class, "loss", text(merged, "loss")),
                text(merged, "data"),
                normalization(merged.get("normalization")),
                (int) integer(merged, "probe_every", 0, Integer.MAX_VALUE),
                number(merged, "synthesizer_lr_scale"),
                SpecNames.parse(MatmulPrecision.class, "matmul_precision", text(merged, "matmul_precision")),
                new ScheduleChoice(SpecNames.parse(ScheduleChoice.Schedule.class, "schedule", text(merged, "schedule")),
                        (int) integer(merged, "stages", 1, Integer.MAX_VALUE),
                        boundaries(merged.get("stage_boundaries")),
                        (int) integer(merged, "queue_capacity", 1, Integer.MAX_VALUE),
                        number(merged, "update_probability")));
    }

    /**
     * {@code rule} with the given options (command-line text or YAML values by spec key). A key the rule
     * does not take is a user's mistake that says whose option it is, if anyone's.
     */
    public static ChosenMethod<?> withOptions(MethodCatalog catalog, ChosenMethod<?> rule, Map<String, ?> options) {
        return withOptions(catalog, rule, options, "");
    }

    private static ChosenMethod<?> withOptions(MethodCatalog catalog, ChosenMethod<?> rule, Map<String, ?> options,
                                               String hint) {
        String takes = catalog.provider(rule.name()).options().takenBy(rule.name());
        for (String key : options.keySet()) {
            if (rule.takes(key)) {
                continue;
            }
            List<String> owners = catalog.rulesTaking(key);
            if (owners.isEmpty()) {
                throw new InvalidInputException("unknown key '" + key + "' (" + OptionKey.flagOf(key) + "); spec keys: "
                        + String.join(", ", KEYS.stream().sorted().toList()) + "; " + takes);
            }
            throw new InvalidInputException("option " + key + " (" + OptionKey.flagOf(key) + ") does not apply to rule '"
                    + rule.name() + "', it is an option of " + String.join(", ", owners) + "; " + takes + hint);
        }
        ChosenMethod<?> chosen = rule.with(options);
        for (String key : chosen.optionValues().keySet()) {
            if (KEYS.contains(key)) {
                throw new InvalidInputException("rule '" + rule.name() + "' declares an option '" + key
                        + "', which is a key of every spec; the rule must rename it");
            }
        }
        return chosen;
    }

    private static String text(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null || value instanceof Map || value instanceof List) {
            throw new InvalidInputException("'" + key + "' must be a single value, was " + describe(value));
        }
        return String.valueOf(value);
    }

    /** The integer at {@code key}, refused with the allowed range unless it is one in {@code [min, max]}. */
    private static long integer(Map<String, Object> map, String key, long min, long max) {
        Object value = map.get(key);
        if ((value instanceof Integer || value instanceof Long) && ((Number) value).longValue() >= min
                && ((Number) value).longValue() <= max) {
            return ((Number) value).longValue();
        }
        throw new InvalidInputException("'" + key + "' (" + OptionKey.flagOf(key) + ") must be an integer from " + min
                + " to " + max + ", was " + describe(value));
    }

    /** A value as a message shows it: on one line, at most 60 characters, text quoted. */
    private static String describe(Object value) {
        String shown = oneLine(String.valueOf(value)).replaceAll("\\p{Cntrl}", "?");
        shown = shown.length() > 60 ? shown.substring(0, 60) + "..." : shown;
        return value instanceof String ? "'" + shown + "'" : shown;
    }

    private static double number(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new InvalidInputException("'" + key + "' must be a number, was " + describe(value));
    }

    private static boolean bool(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new InvalidInputException("'" + key + "' must be true or false, was " + describe(value));
    }

    private static List<Integer> widths(String key, Object value) {
        if (!(value instanceof List<?> list)) {
            throw new InvalidInputException("'" + key + "' must be a list of widths such as [256, 256], was "
                    + describe(value));
        }
        if (list.size() > RunSpec.MAX_HIDDEN_LAYERS) {
            throw new InvalidInputException("'" + key + "' lists " + list.size() + " hidden layers, more than the "
                    + RunSpec.MAX_HIDDEN_LAYERS + " a network may have");
        }
        List<Integer> widths = new ArrayList<>();
        for (Object element : list) {
            if (!(element instanceof Integer width) || width < 1) {
                throw new InvalidInputException("'" + key + "' (" + OptionKey.flagOf(key) + ") must hold widths from 1 to "
                        + Integer.MAX_VALUE + ", found " + describe(element));
            }
            widths.add(width);
        }
        return widths;
    }

    private static List<Integer> boundaries(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new InvalidInputException("'stage_boundaries' must be a list of boundaries such as [4], was "
                    + describe(value));
        }
        List<Integer> boundaries = new ArrayList<>();
        for (Object element : list) {
            if (!(element instanceof Integer boundary) || boundary < 1) {
                throw new InvalidInputException("'stage_boundaries' (--stage-boundaries) must hold hidden boundaries "
                        + "from 1, found " + describe(element));
            }
            boundaries.add(boundary);
        }
        return boundaries;
    }

    private static Normalization normalization(Object value) {
        if (!(value instanceof Map<?, ?> map) || !(map.get("mean") instanceof Number mean)
                || !(map.get("std") instanceof Number std) || map.size() != 2) {
            throw new InvalidInputException("'normalization' must be {mean: M, std: S}, was " + describe(value));
        }
        return new Normalization(mean.doubleValue(), std.doubleValue());
    }
}
