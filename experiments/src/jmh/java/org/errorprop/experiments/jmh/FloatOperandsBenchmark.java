package org.errorprop.experiments.jmh;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.linalg.BlasKind;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What converting the operands to float on every call costs, against keeping float copies of the weights (ADR-0009):
 * the forward product {@code x·W} of the benchmark network ({@code x} 128 × {@code inputs}, {@code W} {@code inputs}
 * × 256) on one core (a one-part Compute: no split), three ways:
 * <ul>
 *   <li>{@link #convertEveryCall}: {@code Blas} with float32 products, as the training step runs them: {@code x} and
 *       {@code W} rounded to float, sgemm, the result widened to double;</li>
 *   <li>{@link #weightsKeptInFloat}: the alternative design, {@code W} already in float (refreshed after each update,
 *       a cost not counted here): only {@code x} rounded, sgemm, the result widened;</li>
 *   <li>{@link #sgemmAlone}: sgemm on operands already in float, nothing converted: the floor of both.</li>
 * </ul>
 * The backend is the fork's choice ({@code -Derrorprop.blas}, not {@code ejml}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = BenchmarkSetup.VECTOR_MODULE)
public class FloatOperandsBenchmark {
    private static final int BATCH = 128;
    private static final int OUTPUTS = 256;

    /** Input width of the linear map: 784 for the first layer, 256 for a hidden one. */
    @Param({"784", "256"})
    public int inputs;

    private Compute compute;
    private Blas blas;
    private BLAS netlib;
    private DMatrixRMaj x;
    private DMatrixRMaj weights;
    private DMatrixRMaj output;
    private float[] xFloat;
    private float[] weightsFloat;
    private float[] outputFloat;

    @Setup(Level.Trial)
    public void fill() {
        BenchmarkSetup.reportBackend();
        compute = Compute.of(BenchmarkSetup.COMPUTE.backend(), 1, MatmulPrecision.FLOAT32);
        blas = compute.blas();
        netlib = blas.kind() == BlasKind.NATIVE ? NativeBLAS.getInstance() : JavaBLAS.getInstance();
        RandomStreams random = new RandomStreams(BenchmarkSetup.SEED).child("float-operands");
        x = BenchmarkSetup.uniform(BATCH, inputs, random.startOf("x"));
        weights = BenchmarkSetup.uniform(inputs, OUTPUTS, random.startOf("weights"));
        output = new DMatrixRMaj(BATCH, OUTPUTS);
        xFloat = new float[x.data.length];
        weightsFloat = new float[weights.data.length];
        outputFloat = new float[output.data.length];
        round(x.data, xFloat);
        round(weights.data, weightsFloat);
    }

    @TearDown(Level.Trial)
    public void close() {
        compute.close();
    }

    private static void round(double[] from, float[] to) {
        for (int i = 0; i < to.length; i++) {
            to[i] = (float) from[i];
        }
    }

    private void sgemm() {
        netlib.sgemm("N", "N", OUTPUTS, BATCH, inputs, 1.0f, weightsFloat, 0, OUTPUTS, xFloat, 0, inputs, 0.0f,
                outputFloat, 0, OUTPUTS);
    }

    @Benchmark
    public DMatrixRMaj convertEveryCall() {
        blas.multiply(x, weights, output);
        return output;
    }

    @Benchmark
    public DMatrixRMaj weightsKeptInFloat() {
        round(x.data, xFloat);
        sgemm();
        double[] out = output.data;
        for (int i = 0; i < out.length; i++) {
            out[i] = outputFloat[i];
        }
        return output;
    }

    @Benchmark
    public float[] sgemmAlone() {
        sgemm();
        return outputFloat;
    }
}
