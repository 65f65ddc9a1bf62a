package org.errorprop.experiments.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.experiments.run.Trainer;
import org.errorprop.experiments.run.TrainingSetup;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.experiments.spec.SpecYaml;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.BatchNorm;
import org.errorprop.framework.network.Block;
import org.errorprop.framework.network.Layer;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.state.StateArrays;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.training.StepResult;
import org.errorprop.methods.MethodCatalog;
import org.junit.jupiter.api.Test;

/**
 * Every rule, and every option that adds state, resumes bit for bit from its exported state: {@code k} steps,
 * export, import into a freshly built trainer of the same spec, {@code m} more steps, against {@code k + m} steps
 * that never stopped. What is compared is read from the components directly (parameters, BatchNorm's running
 * statistics through an evaluation-mode pass, the signals' parameters, losses, the epoch's diagnostics), not
 * only from the exports, so a component that exported nothing would be caught too; the control tests leave one
 * kind of state out of the import and show the comparison fails.
 */
class TrainingStateRoundTripTest {
    private static final Compute COMPUTE = Compute.sequential();
    private static final MethodCatalog CATALOG = MethodCatalog.standard();
    private static final int INPUTS = 7;
    private static final int CLASSES = 3;
    private static final int BATCH = 8;
    private static final int BEFORE = 3;
    private static final int AFTER = 4;

    /** Each rule with its defaults, then the options and optimisers that add or change state. */
    private static List<Map<String, Object>> variants() {
        List<Map<String, Object>> variants = new ArrayList<>();
        for (String name : CATALOG.names()) {
            variants.add(Map.of("method", name));
        }
        variants.add(Map.of("method", "sg", "synthesizer", "linear"));
        variants.add(Map.of("method", "sg", "synthesizer", "sigmoid"));
        variants.add(Map.of("method", "sg", "synthesizer_hidden", "4,3"));
        variants.add(Map.of("method", "sg", "sg_at", "all"));
        variants.add(Map.of("method", "sg", "sg_at", "output"));
        variants.add(Map.of("method", "csg", "synthesizer", "label-only"));
        variants.add(Map.of("method", "csg", "sg_at", "all", "synthesizer", "sigmoid"));
        variants.add(Map.of("method", "csg", "sg_at", "output", "synthesizer", "linear"));
        variants.add(Map.of("method", "sg-prop", "sg_at", "all"));
        variants.add(Map.of("method", "sg-prop-only", "sg_at", "all", "synthesizer", "linear"));
        variants.add(Map.of("method", "backprop", "optimizer", "momentum"));
        variants.add(Map.of("method", "backprop", "optimizer", "sgd"));
        variants.add(Map.of("method", "sg", "optimizer", "momentum", "sg_at", "all"));
        variants.add(Map.of("method", "csg", "optimizer", "sgd"));
        variants.add(Map.of("method", "shallow", "optimizer", "momentum"));
        variants.add(Map.of("method", "fa", "bias", true));
        variants.add(Map.of("method", "backprop", "batch_norm", false, "bias", true));
        return variants;
    }

    private static RunSpec spec(Map<String, Object> variant) {
        Map<String, Object> settings = new LinkedHashMap<>(Map.of("hidden", List.of(6, 5), "batch_size", BATCH,
                "learning_rate", 0.05, "seed", 5L));
        settings.putAll(variant);
        return SpecYaml.apply(CATALOG, RunSpec.reference(), settings);
    }

    private static Trainer trainer(RunSpec spec) {
        return Trainer.start(TrainingSetup.of(spec, INPUTS, CLASSES, COMPUTE));
    }

    /** Batch {@code t}: inputs from a fixed stream, one-hot labels; every batch differs. */
    private static DMatrixRMaj[] batch(int t) {
        RandomGenerator random = new RandomStreams(99).startOf("batch-" + t);
        DMatrixRMaj inputs = new DMatrixRMaj(BATCH, INPUTS);
        DMatrixRMaj targets = new DMatrixRMaj(BATCH, CLASSES);
        for (int r = 0; r < BATCH; r++) {
            for (int c = 0; c < INPUTS; c++) {
                inputs.set(r, c, random.nextGaussian());
            }
            targets.set(r, random.nextInt(CLASSES), 1.0);
        }
        return new DMatrixRMaj[] {inputs, targets};
    }

    /** Steps {@code from} to {@code to - 1}, probing every other step; the steps' losses and counts as text. */
    private static List<String> steps(Trainer trainer, int from, int to) {
        List<String> results = new ArrayList<>();
        for (int t = from; t < to; t++) {
            DMatrixRMaj[] b = batch(t);
            StepResult result = trainer.step().run(b[0], b[1], t % 2 == 0);
            results.add(Double.doubleToRawLongBits(result.loss()) + "/" + result.correct());
        }
        return results;
    }

    /**
     * What a trainer shows after training, read from the components themselves: every parameter of the network
     * and of the signals (raw bits), BatchNorm's running statistics, the output of an evaluation-mode pass (which
     * reads them), and the diagnostics of the epoch so far (which ends it).
     */
    private static List<String> observed(Trainer trainer) {
        List<String> seen = new ArrayList<>();
        for (Parameter p : trainer.network().parameters()) {
            seen.add(p.name() + "=" + bits(p.value().data));
        }
        for (Block block : trainer.network().blocks()) {
            for (Layer layer : block.tail()) {
                if (layer instanceof BatchNorm norm) {
                    seen.add("running=" + bits(norm.runningMean()) + bits(norm.runningVariance()));
                }
            }
        }
        List<ErrorSignal> signals = new ArrayList<>(trainer.step().signals());
        trainer.step().outputSignal().ifPresent(signals::add);
        for (ErrorSignal signal : signals) {
            for (Parameter p : signal.parameters()) {
                seen.add("signal " + p.name() + "=" + bits(p.value().data));
            }
        }
        seen.add("eval=" + bits(trainer.network().forward(batch(1000)[0], Mode.EVAL).data));
        seen.add("diagnostics=" + trainer.step().finishDiagnostics(1));
        return seen;
    }

    private static String bits(double[] values) {
        StringBuilder text = new StringBuilder();
        for (double v : values) {
            text.append(Long.toHexString(Double.doubleToRawLongBits(v))).append(',');
        }
        return text.toString();
    }

    /** {@code BEFORE} steps, export, import into a fresh trainer through {@code importer}, {@code AFTER} more. */
    private static List<String> resumed(RunSpec spec, java.util.function.UnaryOperator<StateReader> importer) {
        Trainer first = trainer(spec);
        List<String> results = new ArrayList<>(steps(first, 0, BEFORE));
        StateArrays state = first.exportState();
        Trainer second = trainer(spec);
        second.step().importState(importer.apply(state.reader()));
        results.addAll(steps(second, BEFORE, BEFORE + AFTER));
        results.addAll(observed(second));
        return results;
    }

    private static List<String> uninterrupted(RunSpec spec) {
        Trainer trainer = trainer(spec);
        List<String> results = new ArrayList<>(steps(trainer, 0, BEFORE + AFTER));
        results.addAll(observed(trainer));
        return results;
    }

    @Test
    void everyRuleAndStatefulOptionResumesBitForBitFromItsExportedState() {
        Set<String> covered = new TreeSet<>();
        for (Map<String, Object> variant : variants()) {
            RunSpec spec = spec(variant);
            covered.add(spec.method());
            assertEquals(uninterrupted(spec), resumed(spec, reader -> reader), "resumed " + variant);

            Trainer whole = trainer(spec);
            steps(whole, 0, BEFORE + AFTER);
            Trainer first = trainer(spec);
            steps(first, 0, BEFORE);
            Trainer second = trainer(spec);
            second.importState(first.exportState());
            steps(second, BEFORE, BEFORE + AFTER);
            assertTrue(whole.exportState().sameBits(second.exportState()), "exported states agree: " + variant);
        }
        assertEquals(new TreeSet<>(CATALOG.names()), covered, "every registered rule is covered");
    }

    /** A reader that leaves the arrays whose name contains {@code part} unread: a component that forgot them. */
    private static StateReader forgetting(StateReader reader, String part) {
        return new StateReader() {
            @Override
            public void doubles(String name, double[] into) {
                if (!name.contains(part)) {
                    reader.doubles(name, into);
                }
            }

            @Override
            public void longs(String name, long[] into) {
                if (!name.contains(part)) {
                    reader.longs(name, into);
                }
            }
        };
    }

    /** The test of the test: leaving out any one kind of state is seen by the comparison above. */
    @Test
    void leavingOutAnyOneKindOfStateIsCaught() {
        Map<String, Map<String, Object>> controls = new LinkedHashMap<>();
        controls.put("block-1/linear/weight", Map.of("method", "backprop"));
        controls.put("running-mean", Map.of("method", "backprop"));
        controls.put("running-variance", Map.of("method", "fa"));
        controls.put("first-moment", Map.of("method", "backprop"));
        controls.put("second-moment", Map.of("method", "dfa"));
        controls.put("optimizer/steps", Map.of("method", "backprop"));
        controls.put("velocity", Map.of("method", "backprop", "optimizer", "momentum"));
        controls.put("synthesizer/network", Map.of("method", "sg"));
        controls.put("synthesizer/optimizer", Map.of("method", "csg"));
        controls.put("synthesizer/A", Map.of("method", "sg", "synthesizer", "sigmoid"));
        controls.put("synthesizer/B", Map.of("method", "csg", "synthesizer", "label-only"));
        controls.put("output-signal", Map.of("method", "sg", "sg_at", "output"));
        controls.put("signal-1/", Map.of("method", "sg", "sg_at", "all"));
        controls.put("probe/", Map.of("method", "backprop"));
        for (Map.Entry<String, Map<String, Object>> control : controls.entrySet()) {
            RunSpec spec = spec(control.getValue());
            List<String> complete = resumed(spec, reader -> reader);
            assertEquals(uninterrupted(spec), complete, "the control's own complete resume agrees");
            assertNotEquals(complete, resumed(spec, reader -> forgetting(reader, control.getKey())),
                    "forgetting " + control.getKey() + " in " + control.getValue() + " is seen");
        }
    }
}
