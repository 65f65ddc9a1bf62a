package org.errorprop.experiments.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.Blas;
import org.errorprop.framework.linalg.MatmulPrecision;
import org.errorprop.framework.random.RandomStreams;

/**
 * The ceiling a training step's other work leaves room for: samples per second if a step did nothing but its
 * matrix products, the same products {@link BenchmarkNetwork#flopsPerStep} counts, with the same shapes and through
 * the same {@link Blas} (its precision, its conversions to float, its cut across parts). A training row far below
 * its products-only row loses its time outside the products; a peer above our products-only row cannot be beaten
 * without faster products.
 *
 * <p>The rows are named after the training rows with {@value #SUFFIX} appended.
 */
public final class StepProductsThroughput {
    /** Appended to the implementation name of the training row. */
    public static final String SUFFIX = "-products";

    private final LongSupplier nanoClock;
    private final Compute compute;

    public StepProductsThroughput(LongSupplier nanoClock, Compute compute) {
        this.nanoClock = nanoClock;
        this.compute = compute;
    }

    /** One product of the step: {@code c = op(a) op(b)}. */
    record Product(boolean transposeA, boolean transposeB, DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) {
    }

    /** {@code bp} or {@code sg}, as {@link TrainingThroughput#measure}. */
    public Throughput measure(BenchmarkNetwork spec, String method, int warmUp, int steps, long seed) {
        boolean synthetic = method.equals("sg");
        List<Product> products = products(spec, synthetic, new RandomStreams(seed).startOf("bench/products"));
        Blas blas = compute.blas();
        for (int s = 0; s < warmUp; s++) {
            runAll(blas, products);
        }
        long start = nanoClock.getAsLong();
        for (int s = 0; s < steps; s++) {
            runAll(blas, products);
        }
        double seconds = (nanoClock.getAsLong() - start) / 1e9;
        double perSecond = steps / seconds;
        String name = (compute.precision() == MatmulPrecision.FLOAT32 ? TrainingThroughput.FLOAT32_PRODUCTS
                : TrainingThroughput.DOUBLE_PRODUCTS) + SUFFIX;
        return new Throughput(method, spec.depth(), name, perSecond * spec.batch(),
                perSecond * spec.flopsPerStep(synthetic) / 1e9);
    }

    /** Floating-point operations of {@code products}, {@code 2·m·n·k} each. */
    static double flops(List<Product> products) {
        double sum = 0;
        for (Product p : products) {
            int k = p.transposeA() ? p.a().numRows : p.a().numCols;
            sum += 2.0 * p.c().numRows * p.c().numCols * k;
        }
        return sum;
    }

    private static void runAll(Blas blas, List<Product> products) {
        for (Product p : products) {
            blas.gemm(p.transposeA(), p.transposeB(), 1.0, p.a(), p.b(), 0.0, p.c());
        }
    }

    /**
     * Per linear map {@code in → out} on a batch: the forward product, the weight gradient {@code xᵀ δ} and, except
     * for the first map, the input gradient {@code δ Wᵀ}; with a synthesizer, its forward product on {@code [h, y]}
     * and its weight gradient, as {@link BenchmarkNetwork#flopsPerStep}.
     */
    static List<Product> products(BenchmarkNetwork spec, boolean synthetic, RandomGenerator random) {
        List<Integer> widths = spec.architecture().shape().widths();
        int batch = spec.batch();
        List<Product> products = new ArrayList<>();
        for (int k = 1; k < widths.size(); k++) {
            addMap(products, batch, widths.get(k - 1), widths.get(k), k > 1, random);
        }
        if (synthetic) {
            addMap(products, batch, spec.width() + BenchmarkNetwork.CLASSES, spec.width(), false, random);
        }
        return products;
    }

    private static void addMap(List<Product> products, int batch, int in, int out, boolean inputGradient,
                               RandomGenerator random) {
        DMatrixRMaj x = filled(batch, in, random);
        DMatrixRMaj weights = filled(in, out, random);
        DMatrixRMaj error = filled(batch, out, random);
        products.add(new Product(false, false, x, weights, new DMatrixRMaj(batch, out)));
        products.add(new Product(true, false, x, error, new DMatrixRMaj(in, out)));
        if (inputGradient) {
            products.add(new Product(false, true, error, weights, new DMatrixRMaj(batch, in)));
        }
    }

    private static DMatrixRMaj filled(int rows, int columns, RandomGenerator random) {
        DMatrixRMaj m = new DMatrixRMaj(rows, columns);
        for (int i = 0; i < m.data.length; i++) {
            m.data[i] = random.nextDouble() - 0.5;
        }
        return m;
    }
}
