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

    @Option(names = "--sg-at", paramLabel = "K,..",
            description = "Synthesizer boundaries: last (default), all, or a list such as 1,2 (boundary k is between layers k and k+1).")
    String sgAt;

    @Option(names = "--synthesizer", paramLabel = "FORM", description = "linear, mlp (default), sigmoid or label-only (csg only).")
    String synthesizer;

    @Option(names = "--synthesizer-hidden", paramLabel = "W", split = ",",
            description = "Hidden widths of an MLP synthesizer (default 256).")
    List<Integer> synthesizerHidden;

    @Option(names = "--sg-alpha", paramLabel = "ALPHA", description = "Scale of dL_SG/dh in sg-prop (default 1).")
    Double sgAlpha;

    @Option(names = "--feedback-scale", paramLabel = "S",
            description = "Scale of the fixed feedback matrices of fa and dfa, times U(-1/sqrt(fan-in), 1/sqrt(fan-in)) (default 1).")
    Double feedbackScale;

    @Option(names = "--probe-every", paramLabel = "N",
            description = "Compare every signal with the true gradient every N steps (default 10; 0 turns it off).")
    Integer probeEvery;

    @Option(names = "--synthesizer-lr-scale", paramLabel = "X",
            description = "Synthesizer learning rate as a multiple of --lr (default 1).")
    Double synthesizerLrScale;

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
        put(overrides, "sg_at", sgAt);
        put(overrides, "synthesizer", synthesizer);
        put(overrides, "synthesizer_hidden", synthesizerHidden);
        put(overrides, "sg_alpha", sgAlpha);
        put(overrides, "feedback_scale", feedbackScale);
        put(overrides, "probe_every", probeEvery);
        put(overrides, "synthesizer_lr_scale", synthesizerLrScale);
        return SpecYaml.apply(base, overrides);
    }

    private static void put(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
