package org.errorprop.experiments.run;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.experiments.spec.OptimizerChoice;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.data.Normalization;
import org.errorprop.framework.loss.LossFunction;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.training.TrainingListener;
import org.errorprop.methods.MethodCatalog;
import org.junit.jupiter.api.Test;

/** The memory estimate: a control that fits, refusals that name both numbers, and a measured run inside its bounds. */
class RunMemoryTest {
    private static final int INPUTS = 784;
    private static final int CLASSES = 10;

    private static RunSpec spec(String method, List<Integer> hidden, int batch) {
        return new RunSpec(MethodCatalog.standard().choose(method), 1, 1, batch, OptimizerChoice.ADAM, 1e-3, 0.0,
                hidden, Activation.RELU, false, true, LossFunction.SOFTMAX_CROSS_ENTROPY, "embedded",
                Normalization.MNIST, 10, 1.0, org.errorprop.framework.linalg.MatmulPrecision.FLOAT64,
                org.errorprop.experiments.spec.ScheduleChoice.SEQUENTIAL);
    }

    @Test
    void theReferenceRunFitsTheSmallestDefaultHeap() {
        RunMemory reference = RunMemory.of(RunSpec.reference(), INPUTS, CLASSES, 7996, 2004);
        // A JVM's default heap is a quarter of the machine's memory: 256 MiB on a 1 GiB machine.
        assertTrue(reference.bytesToBuild() + reference.dataBytes() < 256L << 20, () -> RunMemory.bytes(
                reference.bytesToBuild()) + " + data " + RunMemory.bytes(reference.dataBytes()));
        assertDoesNotThrow(() -> reference.requireFits("the reference run"));
    }

    @Test
    void aRunThatDoesNotFitIsRefusedNamingTheEstimateAndTheHeap() {
        RunMemory wide = RunMemory.of(spec("backprop", List.of(4096, 4096), 64), INPUTS, CLASSES, 7996, 2004);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> wide.requireFits("this run", 100L << 20, 1L << 30));
        assertTrue(e.getMessage().startsWith("this run needs about 989 MiB of heap (network 765 MiB") && e.getMessage().contains(
                "but this JVM has 100 MiB available of a 1.00 GiB maximum; give Java more with ERRORPROP_JAVA_OPTS=-Xmx"),
                e.getMessage());
        assertDoesNotThrow(() -> wide.requireFits("this run", 2L << 30, 4L << 30));
    }

    @Test
    void theRuleStateCounts() {
        double backprop = RunMemory.of(spec("backprop", List.of(2048, 2048), 64), INPUTS, CLASSES, 0, 0).ruleDoubles();
        double feedback = RunMemory.of(spec("fa", List.of(2048, 2048), 64), INPUTS, CLASSES, 0, 0).ruleDoubles();
        double synthesizers = RunMemory.of(spec("sg", List.of(2048, 2048), 64), INPUTS, CLASSES, 0, 0).ruleDoubles();
        assertTrue(feedback >= backprop + 2048.0 * 2048, "FA's feedback matrix B_2 of W_2's shape");
        // sg's MLP synthesizer at the last boundary: (2048 + 10) x 256 + 256 x 2048 weights, 4 copies with Adam.
        assertTrue(synthesizers >= backprop + 4.0 * (2058 * 256 + 256 * 2048), "sg's synthesizer and its moments");
    }

    @Test
    void aMatrixPastAJavaArrayIsRefusedWhateverTheHeap() {
        RunMemory huge = RunMemory.of(spec("backprop", List.of(100_000, 100_000), 64), INPUTS, CLASSES, 0, 0);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> huge.requireFits("this run", Long.MAX_VALUE, Long.MAX_VALUE));
        assertTrue(e.getMessage().contains("100000 x 100000 weights matrix would have 1.00e+10 elements"), e.getMessage());
    }

    /**
     * The estimate against the heap a real run holds: a 784-1024-1024-10 network with Adam and BatchNorm trained
     * for an epoch, measured after a full collection as the growth of the used heap while the trainer is alive.
     * The weights (15 MB per copy, 4 copies) dominate what the collector's noise (a few MB) could blur. Bounds:
     * the estimate is at least the measured use (it must never let a run through that then fails), and at most
     * three times it (the formula counts every workspace at the evaluation batch's 256 rows and adds 25% and
     * 16 MiB of slack; more than 3x would refuse runs that fit).
     */
    @Test
    void theEstimateBoundsTheMeasuredHeapOfARunWithinAFactorOfThree() {
        RunSpec spec = spec("backprop", List.of(1024, 1024), 64);
        DataSplit data = new DataSplit(digits(320, 1), digits(256, 2));
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedAfterCollection(memory);
        Trainer trainer = Trainer.start(TrainingSetup.of(spec, INPUTS, CLASSES, Compute.sequential()));
        trainer.epochs(data, spec.training(), spec.probeEvery(), System::nanoTime, TrainingListener.NONE);
        long measured = usedAfterCollection(memory) - before;
        double estimate = RunMemory.of(spec, INPUTS, CLASSES, 0, 0).bytesToBuild();
        assertTrue(trainer.network() != null);
        System.out.println("memory estimate of 784-1024-1024-10, Adam, BatchNorm, batch 64: " + RunMemory.bytes(estimate)
                + ", measured " + RunMemory.bytes(measured));
        assertTrue(estimate >= measured && estimate <= 3.0 * measured,
                "estimate " + RunMemory.bytes(estimate) + ", measured " + RunMemory.bytes(measured));
    }

    private static long usedAfterCollection(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    private static Dataset digits(int count, int salt) {
        DMatrixRMaj inputs = new DMatrixRMaj(count, INPUTS);
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % CLASSES;
            for (int j = 0; j < INPUTS; j++) {
                inputs.set(i, j, ((i * 31 + j * 7 + salt) % 17) / 17.0);
            }
        }
        return Dataset.classification("synthetic", inputs, labels, CLASSES);
    }
}
