package org.errorprop.experiments.jmh;

import java.util.concurrent.TimeUnit;
import org.errorprop.experiments.bench.PreparedStep;
import org.errorprop.framework.linalg.BlasKind;
import org.errorprop.framework.training.StepResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One {@code TrainingStep.run(inputs, targets)} on the network of issue #6 (784 → 6 × (Linear 256, BatchNorm,
 * ReLU) → Linear 10, softmax cross-entropy, Adam 3e-4, batch 128), for {@code bp} (backprop) and {@code sg} (one
 * linear label-conditioned synthesizer between the halves): the step of {@code errorprop bench}, built by
 * {@link PreparedStep} from a fixed seed, cycling through its eight batches and training all along.
 *
 * <p>{@link #step} uses the backend the fork chose ({@code auto} unless {@code -jvmArgsAppend
 * -Derrorprop.blas=...} says otherwise; the fork prints it). {@link #stepOnPureJavaBlas} and {@link #stepOnEjml}
 * start their forks with {@code -Derrorprop.blas=java} and {@code -Derrorprop.blas=ejml}, since the fork's
 * {@code BenchmarkSetup.COMPUTE} is built once from it, and fail unless that is the backend in use: the same step on
 * dev.ludovic.netlib's Vector-API BLAS and on EJML's own {@code CommonOps_DDRM} products.
 *
 * <p>In the steady state a step allocates only the {@link StepResult} it returns, 32 bytes on a 64-bit
 * HotSpot. {@code -prof gc} reports as {@code gc.alloc.rate.norm} the whole JVM's allocation over an iteration
 * divided by the iteration's steps, so it shows those 32 bytes plus JMH's own few kilobytes per iteration spread
 * over its steps: constant per iteration, and smaller per op the longer the iteration ({@code -r 10s}).
 *
 * <p>Matrix-product GFLOP/s of a step, as {@code errorprop bench} counts them: {@code BenchmarkNetwork.flopsPerStep}
 * / (nanoseconds per op), that is 356,384,768 FLOPs for bp and 391,249,920 for sg, so GFLOP/s = 356.4 / (ms per op)
 * for bp and 391.2 / (ms per op) for sg.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = BenchmarkSetup.VECTOR_MODULE)
public class TrainingStepBenchmark {

    /** A prepared step on whatever backend the fork uses. */
    @State(Scope.Thread)
    public static class Step {
        /** {@code bp} or {@code sg}. */
        @Param({"bp", "sg"})
        public String method;

        private PreparedStep prepared;
        private int next;

        @Setup(Level.Trial)
        public void prepare() {
            BenchmarkSetup.reportBackend();
            requireBackend();
            prepared = PreparedStep.prepare(BenchmarkSetup.NETWORK, method, BenchmarkSetup.SEED,
                    BenchmarkSetup.COMPUTE);
        }

        /** Throws unless the fork uses the backend the benchmark is named for; any backend will do here. */
        void requireBackend() {
        }

        StepResult runNext() {
            StepResult result = prepared.run(next);
            next = (next + 1) % PreparedStep.BATCHES;
            return result;
        }
    }

    /** The step on dev.ludovic.netlib's pure-Java BLAS, on the Vector API. */
    @State(Scope.Thread)
    public static class PureJavaBlasStep extends Step {
        @Override
        void requireBackend() {
            BenchmarkSetup.requireBackend("java", BlasKind.VECTOR_API);
        }
    }

    /** The step on EJML's {@code CommonOps_DDRM} products. */
    @State(Scope.Thread)
    public static class EjmlStep extends Step {
        @Override
        void requireBackend() {
            BenchmarkSetup.requireBackend("ejml", BlasKind.EJML);
        }
    }

    @Benchmark
    public StepResult step(Step step) {
        return step.runNext();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsPrepend = BenchmarkSetup.VECTOR_MODULE, jvmArgsAppend = BenchmarkSetup.PURE_JAVA_BLAS)
    public StepResult stepOnPureJavaBlas(PureJavaBlasStep step) {
        return step.runNext();
    }

    @Benchmark
    @Fork(value = 1, jvmArgsPrepend = BenchmarkSetup.VECTOR_MODULE, jvmArgsAppend = BenchmarkSetup.EJML_BLAS)
    public StepResult stepOnEjml(EjmlStep step) {
        return step.runNext();
    }
}
