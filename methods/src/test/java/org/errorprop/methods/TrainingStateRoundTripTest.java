package org.errorprop.methods;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.loss.Loss;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.BatchNorm;
import org.errorprop.framework.network.Block;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Layer;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.network.Parameter;
import org.errorprop.framework.optim.Adam;
import org.errorprop.framework.optim.Momentum;
import org.errorprop.framework.optim.OptimizerSpec;
import org.errorprop.framework.optim.Sgd;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.signal.ErrorSignal;
import org.errorprop.framework.signal.MethodContext;
import org.errorprop.framework.state.StateArrays;
import org.errorprop.framework.state.StateReader;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.framework.training.SequentialTraining;
import org.errorprop.framework.training.StepResult;
import org.errorprop.framework.training.TrainingConfig;
import org.errorprop.framework.training.TrainingListener;
import org.errorprop.framework.training.TrainingStep;
import org.junit.jupiter.api.Test;

/**
 * Every rule, and every option that adds state, resumes bit for bit from its exported state: {@code k} steps,
 * export, import into a freshly built trainer of the same settings, {@code m} more steps, against {@code k + m} steps
 * that never stopped. What is compared is read from the components directly (parameters, BatchNorm's running
 * statistics through an evaluation-mode pass, the signals' parameters, losses, the epoch's diagnostics), not
 * only from the exports, so a component that exported nothing would be caught too; the control tests leave one
 * kind of state out of the import and show the comparison fails.
 */
class TrainingStateRoundTripTest {
    private static final Compute COMPUTE = Compute.sequential();
    private static final MethodCatalog CATALOG = MethodCatalog.standard();
    private static final Loss LOSS = LossFunction.SOFTMAX_CROSS_ENTROPY.loss();
    private static final int INPUTS = 7;
    private static final int CLASSES = 3;
    private static final int BATCH = 8;
    private static final int BEFORE = 3;
    private static final int AFTER = 4;

    /** A rule with options, the optimiser of the network (and, as in a run spec, of its synthesizers), the layers. */
    private record Variant(String method, Map<String, Object> options, String optimizer, boolean bias, boolean batchNorm) {
        Variant(String method, Map<String, Object> options) {
            this(method, options, "adam", false, true);
        }

        OptimizerSpec optimizerSpec() {
            return switch (optimizer) {
                case "adam" -> Adam.withLearningRate(0.05);
                case "momentum" -> new Momentum(0.05, 0.9, 0.0);
                case "sgd" -> new Sgd(0.05, 0.0);
                default -> throw new IllegalArgumentException(optimizer);
            };
        }
    }

    /** Each rule with its defaults, then the options and optimisers that add or change state. */
    private static List<Variant> variants() {
        List<Variant> variants = new ArrayList<>();
        for (String name : CATALOG.names()) {
            variants.add(new Variant(name, Map.of()));
        }
        variants.add(new Variant("sg", Map.of("synthesizer", "linear")));
        variants.add(new Variant("sg", Map.of("synthesizer", "sigmoid")));
        variants.add(new Variant("sg", Map.of("synthesizer_hidden", "4,3")));
        variants.add(new Variant("sg", Map.of("sg_at", "all")));
        variants.add(new Variant("sg", Map.of("sg_at", "output")));
        variants.add(new Variant("csg", Map.of("synthesizer", "label-only")));
        variants.add(new Variant("csg", Map.of("sg_at", "all", "synthesizer", "sigmoid")));
        variants.add(new Variant("csg", Map.of("sg_at", "output", "synthesizer", "linear")));
        variants.add(new Variant("sg-prop", Map.of("sg_at", "all")));
        variants.add(new Variant("sg-prop-only", Map.of("sg_at", "all", "synthesizer", "linear")));
        variants.add(new Variant("backprop", Map.of(), "momentum", false, true));
        variants.add(new Variant("backprop", Map.of(), "sgd", false, true));
        variants.add(new Variant("sg", Map.of("sg_at", "all"), "momentum", false, true));
        variants.add(new Variant("csg", Map.of(), "sgd", false, true));
        variants.add(new Variant("shallow", Map.of(), "momentum", false, true));
        variants.add(new Variant("fa", Map.of(), "adam", true, true));
        variants.add(new Variant("backprop", Map.of(), "adam", true, false));
        return variants;
    }

    /** A network and the step that trains it. */
    private record Run(Network network, TrainingStep step) {
    }

    /** A network of the variant's layers and its step, built from seed 5 as a run would be. */
    private static Run trainer(Variant variant) {
        RandomStreams random = new RandomStreams(5);
        Network network = new Architecture(INPUTS, List.of(6, 5), CLASSES, Activation.RELU, variant.bias(),
                variant.batchNorm(), variant.batchNorm(), Initializer.UNIFORM_FAN_IN).build(random, COMPUTE);
        OptimizerSpec optimizer = variant.optimizerSpec();
        return new Run(network, new TrainingStep(network, LOSS,
                CATALOG.choose(variant.method()).with(variant.options()).create(), optimizer,
                new MethodContext(random.child("method"), optimizer, COMPUTE)));
    }

    private static StateArrays exported(Run run) {
        StateArrays state = new StateArrays();
        run.step().exportState(state.writer());
        return state;
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
    private static List<String> steps(Run trainer, int from, int to) {
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
    private static List<String> observed(Run trainer) {
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
    private static List<String> resumed(Variant variant, UnaryOperator<StateReader> importer) {
        Run first = trainer(variant);
        List<String> results = new ArrayList<>(steps(first, 0, BEFORE));
        StateArrays state = exported(first);
        Run second = trainer(variant);
        second.step().importState(importer.apply(state.reader()));
        results.addAll(steps(second, BEFORE, BEFORE + AFTER));
        results.addAll(observed(second));
        return results;
    }

    private static List<String> uninterrupted(Variant variant) {
        Run trainer = trainer(variant);
        List<String> results = new ArrayList<>(steps(trainer, 0, BEFORE + AFTER));
        results.addAll(observed(trainer));
        return results;
    }

    @Test
    void everyRuleAndStatefulOptionResumesBitForBitFromItsExportedState() {
        Set<String> covered = new TreeSet<>();
        for (Variant variant : variants()) {
            covered.add(variant.method());
            assertEquals(uninterrupted(variant), resumed(variant, reader -> reader), "resumed " + variant);

            Run whole = trainer(variant);
            steps(whole, 0, BEFORE + AFTER);
            Run first = trainer(variant);
            steps(first, 0, BEFORE);
            Run second = trainer(variant);
            StateArrays state = exported(first);
            second.step().importState(state.reader());
            state.requireAllRead();
            steps(second, BEFORE, BEFORE + AFTER);
            assertTrue(exported(whole).sameBits(exported(second)), "exported states agree: " + variant);
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
        Map<String, Variant> controls = new LinkedHashMap<>();
        controls.put("block-1/linear/weight", new Variant("backprop", Map.of()));
        controls.put("running-mean", new Variant("backprop", Map.of()));
        controls.put("running-variance", new Variant("fa", Map.of()));
        controls.put("first-moment", new Variant("backprop", Map.of()));
        controls.put("second-moment", new Variant("dfa", Map.of()));
        controls.put("optimizer/steps", new Variant("backprop", Map.of()));
        controls.put("velocity", new Variant("backprop", Map.of(), "momentum", false, true));
        controls.put("synthesizer/network", new Variant("sg", Map.of()));
        controls.put("synthesizer/optimizer", new Variant("csg", Map.of()));
        controls.put("synthesizer/A", new Variant("sg", Map.of("synthesizer", "sigmoid")));
        controls.put("synthesizer/B", new Variant("csg", Map.of("synthesizer", "label-only")));
        controls.put("output-signal", new Variant("sg", Map.of("sg_at", "output")));
        controls.put("signal-1/", new Variant("sg", Map.of("sg_at", "all")));
        controls.put("probe/", new Variant("backprop", Map.of()));
        for (Map.Entry<String, Variant> control : controls.entrySet()) {
            Variant variant = control.getValue();
            List<String> complete = resumed(variant, reader -> reader);
            assertEquals(uninterrupted(variant), complete, "the control's own complete resume agrees");
            assertNotEquals(complete, resumed(variant, reader -> forgetting(reader, control.getKey())),
                    "forgetting " + control.getKey() + " in " + variant + " is seen");
        }
    }

    private static DataSplit data() {
        RandomGenerator random = new RandomStreams(7).startOf("data");
        DMatrixRMaj inputs = new DMatrixRMaj(50, INPUTS);
        int[] labels = new int[50];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(CLASSES);
            for (int c = 0; c < INPUTS; c++) {
                inputs.set(i, c, random.nextGaussian() + (c == labels[i] ? 1 : 0));
            }
        }
        Dataset set = Dataset.classification("data", inputs, labels, CLASSES);
        return new DataSplit(set, set);
    }

    private static LongSupplier fakeClock() {
        long[] now = {0};
        return () -> now[0] += 1_000_000L;
    }

    /** The schedule: epochs {@code 1..e} then the state into a fresh step and epochs {@code e+1..E}, shuffles replayed. */
    @Test
    void theScheduleContinuesAfterAnEpochAsIfItNeverStopped() {
        Variant variant = new Variant("csg", Map.of("sg_at", "all"));
        TrainingConfig config = new TrainingConfig(5, BATCH);
        Run whole = trainer(variant);
        List<EpochMetrics> expected = new SequentialTraining(whole.network(), LOSS, whole.step(), new RandomStreams(5),
                fakeClock(), 2).run(data(), config, TrainingListener.NONE).history();

        Run first = trainer(variant);
        List<Integer> completed = new ArrayList<>();
        TrainingListener recording = new TrainingListener() {
            @Override
            public void epochCompleted(int epoch) {
                completed.add(epoch);
            }
        };
        List<EpochMetrics> done = new SequentialTraining(first.network(), LOSS, first.step(), new RandomStreams(5),
                fakeClock(), 2).run(data(), new TrainingConfig(2, BATCH), recording).history();
        assertEquals(List.of(1, 2), completed, "each epoch announces its end");
        Run second = trainer(variant);
        second.step().importState(exported(first).reader());
        List<EpochMetrics> continued = new SequentialTraining(second.network(), LOSS, second.step(), new RandomStreams(5),
                fakeClock(), 2).run(data(), config, recording, done).history();
        // the fake clock makes even the seconds equal here; with a real clock they are timings
        assertEquals(expected, continued);
        assertEquals(List.of(1, 2, 3, 4, 5), completed);
        assertTrue(exported(whole).sameBits(exported(second)));

        Run unshuffled = trainer(variant);
        unshuffled.step().importState(exported(first).reader());
        List<EpochMetrics> withoutReplay = new SequentialTraining(unshuffled.network(), LOSS, unshuffled.step(),
                new RandomStreams(5), fakeClock(), 2).run(data(), new TrainingConfig(3, BATCH), TrainingListener.NONE).history();
        assertNotEquals(expected.subList(2, 5).stream().map(EpochMetrics::trainLoss).toList(),
                withoutReplay.stream().map(EpochMetrics::trainLoss).toList(),
                "the control: without the replayed shuffles, epochs 3 to 5 see other batches");
    }
}
