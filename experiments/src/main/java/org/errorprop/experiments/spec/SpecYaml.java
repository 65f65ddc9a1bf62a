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
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.methods.MethodOptions;
import org.errorprop.methods.SgPlacement;
import org.errorprop.methods.SynthesizerKind;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * {@link RunSpec} as YAML, both ways. The keys are the record's components in snake case; a file
 * may give any subset (the rest comes from a base spec), but an unknown key or a value of the wrong
 * type is a user's mistake. Command-line flags are applied the same way, as a map of overrides, so
 * there is one path that validates a spec.
 */
public final class SpecYaml {
    private static final Set<String> KEYS = Set.of("method", "seed", "epochs", "batch_size", "optimizer",
            "learning_rate", "l2", "hidden", "activation", "bias", "batch_norm", "loss", "data", "normalization",
            "sg_at", "synthesizer", "synthesizer_hidden", "sg_alpha", "feedback_scale", "probe_every", "synthesizer_lr_scale");

    private SpecYaml() {
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
        MethodOptions options = spec.methodOptions();
        map.put("sg_at", options.sgPlacement().text());
        map.put("synthesizer", SpecNames.of(options.synthesizer()));
        map.put("synthesizer_hidden", new ArrayList<>(options.synthesizerHidden()));
        map.put("sg_alpha", options.propagationScale());
        map.put("feedback_scale", options.feedbackScale());
        map.put("probe_every", spec.probeEvery());
        map.put("synthesizer_lr_scale", spec.synthesizerLearningRateScale());
        return map;
    }

    public static String write(RunSpec spec) {
        DumperOptions options = new DumperOptions();
        // AUTO: the top level in block style, lists and maps of scalars in flow style ([256, 256]).
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.AUTO);
        return "# errorprop run spec; replay with: errorprop train --spec FILE\n"
                + new Yaml(options).dump(toMap(spec));
    }

    /** Reads a YAML file of overrides onto {@code base}. */
    public static RunSpec read(Path file, RunSpec base) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new InvalidInputException("cannot read spec " + file + ": " + e.getMessage(), e);
        }
        Object loaded;
        try {
            loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
        } catch (YAMLException e) {
            throw new InvalidInputException("spec " + file + " is not valid YAML: "
                    + e.getMessage().replace('\n', ' '), e);
        }
        if (loaded == null) {
            return base;
        }
        if (!(loaded instanceof Map<?, ?> map)) {
            throw new InvalidInputException("spec " + file + " must be a mapping of keys to values");
        }
        Map<String, Object> overrides = new LinkedHashMap<>();
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            overrides.put(String.valueOf(entry.getKey()), entry.getValue());
        }
        try {
            return apply(base, overrides);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("spec " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code base} with the given keys replaced; validates names and types. */
    public static RunSpec apply(RunSpec base, Map<String, Object> overrides) {
        for (String key : overrides.keySet()) {
            if (!KEYS.contains(key)) {
                throw new InvalidInputException("unknown key '" + key + "'; known keys: " + String.join(", ",
                        KEYS.stream().sorted().toList()));
            }
        }
        Map<String, Object> merged = toMap(base);
        merged.putAll(overrides);
        return new RunSpec(
                text(merged, "method"),
                integer(merged, "seed"),
                Math.toIntExact(integer(merged, "epochs")),
                Math.toIntExact(integer(merged, "batch_size")),
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
                new MethodOptions(
                        SgPlacement.parse(text(merged, "sg_at")),
                        SpecNames.parse(SynthesizerKind.class, "synthesizer", text(merged, "synthesizer")),
                        widths("synthesizer_hidden", merged.get("synthesizer_hidden")),
                        number(merged, "sg_alpha"),
                        number(merged, "feedback_scale")),
                Math.toIntExact(integer(merged, "probe_every")),
                number(merged, "synthesizer_lr_scale"));
    }

    private static String text(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null || value instanceof Map || value instanceof List) {
            throw new InvalidInputException("'" + key + "' must be a single value, was " + value);
        }
        return String.valueOf(value);
    }

    private static long integer(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof java.math.BigInteger big) {
            throw new InvalidInputException("'" + key + "' is too large: " + big);
        }
        throw new InvalidInputException("'" + key + "' must be an integer, was " + value);
    }

    private static double number(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new InvalidInputException("'" + key + "' must be a number, was " + value);
    }

    private static boolean bool(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new InvalidInputException("'" + key + "' must be true or false, was " + value);
    }

    private static List<Integer> widths(String key, Object value) {
        if (!(value instanceof List<?> list)) {
            throw new InvalidInputException("'" + key + "' must be a list of widths such as [256, 256], was " + value);
        }
        List<Integer> widths = new ArrayList<>();
        for (Object element : list) {
            if (!(element instanceof Integer width)) {
                throw new InvalidInputException("'" + key + "' must hold integers, found " + element);
            }
            widths.add(width);
        }
        return widths;
    }

    private static Normalization normalization(Object value) {
        if (!(value instanceof Map<?, ?> map) || !(map.get("mean") instanceof Number mean)
                || !(map.get("std") instanceof Number std) || map.size() != 2) {
            throw new InvalidInputException("'normalization' must be {mean: M, std: S}, was " + value);
        }
        return new Normalization(mean.doubleValue(), std.doubleValue());
    }
}
