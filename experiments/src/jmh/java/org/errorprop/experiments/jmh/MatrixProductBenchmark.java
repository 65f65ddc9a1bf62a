package org.errorprop.experiments.jmh;

import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.linalg.MatmulPrecision;
import org.errorprop.framework.random.RandomStreams;
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
 * The matrix products of one training step of the benchmark network through {@link Blas}, at its shapes: a batch
 * {@code x} of 128 rows through a linear map {@code W} of {@code inputs × 256}, with {@code inputs} 784 (the first
 * layer) or 256 (a hidden layer), and an error {@code δ} of {@code 128 × 256}.
 * <ul>
 *   <li>{@link #forward}: {@code x·W} ({@link Blas#multiply}), as {@code Linear.forward};</li>
 *   <li>{@link #weightGradient}: {@code xᵀ·δ} ({@link Blas#multiplyTransposeA}), as
 *       {@code Linear.computeParameterGradients};</li>
 *   <li>{@link #inputGradient}: {@code δ·Wᵀ} ({@link Blas#multiplyTransposeB}), as {@code Linear.carryDown} and
 *       the boundary's pulled-back signal (a step needs none for the first layer; measured at 784 all the same);</li>
 *   <li>{@link #accumulatedWeightGradient}: {@code xᵀ·δ + G} through the general {@link Blas#gemm} with
 *       {@code beta = 1}, a path the step does not take today (its products overwrite), for comparison.</li>
 * </ul>
 * Every product here costs {@code 2 · 128 · inputs · 256} floating-point operations: 51,380,224 at 784 and
 * 16,777,216 at 256, so {@code GFLOP/s = 2 · 128 · inputs · 256 / (nanoseconds per op)}, e.g. 51.38 / (µs per op ·
 * 1000) at 784. The backend is the process's choice ({@code auto} unless the fork is given
 * {@code -jvmArgsAppend -Derrorprop.blas=java|ejml|native}); the fork prints which one it used. {@code precision}
 * runs the products in double or, through {@code Compute.withPrecision}, in float32 (operands converted on every
 * call; with {@code ejml}, give {@code -p precision=float64}: EJML has no float32 products).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = BenchmarkSetup.VECTOR_MODULE)
public class MatrixProductBenchmark {
    private static final int BATCH = 128;
    private static final int OUTPUTS = 256;

    /** Input width of the linear map: 784 for the first layer, 256 for a hidden one. */
    @Param({"784", "256"})
    public int inputs;

    /** {@code float64} or {@code float32} products. */
    @Param({"float64", "float32"})
    public String precision;

    private Blas blas;

    private DMatrixRMaj x;
    private DMatrixRMaj weights;
    private DMatrixRMaj error;
    private DMatrixRMaj output;
    private DMatrixRMaj weightGradient;
    private DMatrixRMaj accumulated;
    private DMatrixRMaj inputGradient;

    @Setup(Level.Trial)
    public void fill() {
        BenchmarkSetup.reportBackend();
        blas = BenchmarkSetup.COMPUTE.withPrecision(MatmulPrecision.parse(precision)).blas();
        RandomStreams random = new RandomStreams(BenchmarkSetup.SEED).child("matrix-product");
        x = BenchmarkSetup.uniform(BATCH, inputs, random.startOf("x"));
        weights = BenchmarkSetup.uniform(inputs, OUTPUTS, random.startOf("weights"));
        error = BenchmarkSetup.uniform(BATCH, OUTPUTS, random.startOf("error"));
        output = new DMatrixRMaj(BATCH, OUTPUTS);
        weightGradient = new DMatrixRMaj(inputs, OUTPUTS);
        accumulated = new DMatrixRMaj(inputs, OUTPUTS);
        inputGradient = new DMatrixRMaj(BATCH, inputs);
    }

    /** {@code x·W}, {@code 128 × 256}. */
    @Benchmark
    public DMatrixRMaj forward() {
        blas.multiply(x, weights, output);
        return output;
    }

    /** {@code xᵀ·δ}, {@code inputs × 256}. */
    @Benchmark
    public DMatrixRMaj weightGradient() {
        blas.multiplyTransposeA(x, error, weightGradient);
        return weightGradient;
    }

    /** {@code δ·Wᵀ}, {@code 128 × inputs}. */
    @Benchmark
    public DMatrixRMaj inputGradient() {
        blas.multiplyTransposeB(error, weights, inputGradient);
        return inputGradient;
    }

    /**
     * {@code G ← xᵀ·δ + G}: {@code gemm} with {@code alpha = beta = 1}. {@code G} grows by the same matrix every
     * call, linearly and far from overflow in any run.
     */
    @Benchmark
    public DMatrixRMaj accumulatedWeightGradient() {
        blas.gemm(true, false, 1.0, x, error, 1.0, accumulated);
        return accumulated;
    }
}
