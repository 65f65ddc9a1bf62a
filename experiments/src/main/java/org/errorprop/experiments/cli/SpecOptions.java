package org.errorprop.experiments.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.experiments.spec.SpecYaml;
import picocli.CommandLine.Option;

/**
 * Flags that set a {@link RunSpec}, shared by {@code train} and {@code compare}. Precedence: the
 * reference spec, then {@code --spec FILE}, then the flags given on the command line.
 */
final class SpecOptions {
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
            description = "embedded (default: 7,996/2,004 real MNIST digits), fashion-mnist, or a directory of MNIST-format files.")
    String data;

    /** The spec these options describe, before per-run fields (method, seed) are set. */
    RunSpec resolve() {
        RunSpec base = RunSpec.reference();
        if (specFile != null) {
            base = SpecYaml.read(specFile, base);
        }
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
        return SpecYaml.apply(base, overrides);
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
