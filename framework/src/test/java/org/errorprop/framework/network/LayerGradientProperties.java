package org.errorprop.framework.network;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.testing.Conditioning;
import org.errorprop.framework.testing.Differentiable;
import org.errorprop.framework.testing.FiniteDifferences;
import org.errorprop.framework.testing.GradientCheck;
import org.errorprop.framework.testing.Matrices;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * Central-difference checks of every layer, a block and a whole network, through one helper,
 * {@link GradientCheck}, with the tolerance derived in {@link FiniteDifferences}. The objective is
 * {@code L = Σ R ∘ f(x)} for a random {@code R}, so {@code backward(R)} must give {@code ∂L/∂x} and
 * {@code ∂L/∂θ}.
 *
 * <p>Ranges, for the error bound of {@link FiniteDifferences} ({@code |x| ≤ 2}, {@code κF ≤ 10⁴},
 * {@code |f'''| ≤ 10³}): inputs in {@code [-2, 2]}, weights and {@code R} in {@code [-1, 1]}, BatchNorm
 * scales {@code ±[0.5, 1.5]} and shifts in {@code [-1, 1]}; at most 6 × 7 outputs of magnitude at most
 * ~15 each, built with at most a few dozen roundings; BatchNorm columns with batch standard deviation
 * {@code ≥ 0.1}.
 */
class LayerGradientProperties {
    private static final Compute COMPUTE = Compute.sequential();

    private static final long SEED = 20170301L;
    private static final int EXAMPLES = 100;

    /** Batch, two widths, a flag and a seed. */
    record Case(int batch, int in, int out, boolean flag, long seed) {
        SplittableRandom random() {
            return new SplittableRandom(seed);
        }
    }

    private static Gen<Case> cases() {
        return integers().between(2, 6).zip(integers().between(1, 7), integers().between(1, 7), booleans().all(),
                longs().all(), Case::new);
    }


    // ---------------------------------------------------------------- Linear

    private static Linear randomLinear(Case c, SplittableRandom random) {
        Linear linear = new Linear("linear", c.in(), c.out(), c.flag(), COMPUTE);
        Matrices.fill(linear.weight().value(), -1, 1, random);
        if (linear.hasBias()) {
            Matrices.fill(linear.bias().value(), -1, 1, random);
        }
        return linear;
    }

    @Test
    void linearGradientsMatchCentralDifferences() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(cases()).checkAssert(c -> {
            SplittableRandom random = c.random();
            Linear linear = randomLinear(c, random);
            assertEquals(c.flag() ? 2 : 1, linear.parameters().size());
            DMatrixRMaj x = Matrices.uniform(c.batch(), c.in(), -2, 2, random);
            DMatrixRMaj r = Matrices.uniform(c.batch(), c.out(), -1, 1, random);
            GradientCheck.check(Differentiable.of(linear), x, r, Mode.TRAIN);
        });
    }

    // ---------------------------------------------------------------- BatchNorm

    private static BatchNorm randomBatchNorm(int width, SplittableRandom random) {
        BatchNorm bn = new BatchNorm("bn", width, COMPUTE);
        randomizeAffine(bn, random);
        return bn;
    }

    private static void randomizeAffine(BatchNorm bn, SplittableRandom random) {
        double[] gamma = bn.scale().value().data;
        for (int c = 0; c < gamma.length; c++) {
            gamma[c] = (random.nextBoolean() ? 1 : -1) * (0.5 + random.nextDouble());
        }
        Matrices.fill(bn.shift().value(), -1, 1, random);
    }

    @Test
    void batchNormTrainModeGradientsIncludeTheBatchStatistics() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(cases()).checkAssert(c -> {
            SplittableRandom random = c.random();
            BatchNorm bn = randomBatchNorm(c.out(), random);
            DMatrixRMaj x = Matrices.spreadColumns(c.batch(), c.out(), -2, 2, Conditioning.MIN_BATCHNORM_STD,
                    random);
            DMatrixRMaj r = Matrices.uniform(c.batch(), c.out(), -1, 1, random);
            GradientCheck.check(Differentiable.of(bn), x, r, Mode.TRAIN);
        });
    }

    @Test
    void batchNormEvalModeGradientsUseRunningStatistics() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(cases()).checkAssert(c -> {
            SplittableRandom random = c.random();
            BatchNorm bn = randomBatchNorm(c.out(), random);
            for (int pass = 0; pass < 4; pass++) {
                bn.forward(Matrices.uniform(c.batch(), c.out(), -1, 3, random), Mode.TRAIN);
            }
            double[] zeros = new double[c.out()];
            double[] ones = new double[c.out()];
            Arrays.fill(ones, 1.0);
            assertFalse(Arrays.equals(zeros, bn.runningMean()), "running mean still at its start");
            assertFalse(Arrays.equals(ones, bn.runningVariance()), "running variance still at its start");
            double[] meanBefore = bn.runningMean();
            double[] varianceBefore = bn.runningVariance();
            DMatrixRMaj x = Matrices.uniform(c.batch(), c.out(), -2, 2, random);
            DMatrixRMaj r = Matrices.uniform(c.batch(), c.out(), -1, 1, random);
            GradientCheck.check(Differentiable.of(bn), x, r, Mode.EVAL);
            assertTrue(Arrays.equals(meanBefore, bn.runningMean()), "EVAL passes moved the running mean");
            assertTrue(Arrays.equals(varianceBefore, bn.runningVariance()), "EVAL passes moved the running variance");
        });
    }

    // ---------------------------------------------------------------- activations

    @Test
    void activationLayerGradientsMatchCentralDifferences() {
        Gen<Activation> activations = integers().between(0, Activation.values().length - 1)
                .map(i -> Activation.values()[i]);
        qt().withFixedSeed(SEED).withExamples(EXAMPLES).forAll(cases(), activations).checkAssert((c, activation) -> {
            SplittableRandom random = c.random();
            ActivationLayer layer = new ActivationLayer(activation, c.in(), COMPUTE);
            // ReLU's kink at 0 breaks differentiability: |x| ≥ 0.1 ≫ h ≈ 1.2e-5 keeps every
            // perturbation on one side of it.
            DMatrixRMaj x = activation == Activation.RELU
                    ? Matrices.awayFromZero(c.batch(), c.in(), 0.1, 2, random)
                    : Matrices.uniform(c.batch(), c.in(), -2, 2, random);
            DMatrixRMaj r = Matrices.uniform(c.batch(), c.in(), -1, 1, random);
            GradientCheck.check(Differentiable.of(layer), x, r, Mode.TRAIN);
        });
    }

    @Test
    void everyActivationIsCoveredWithBothSignsOfInput() {
        // The property above draws activations at random; make sure each one met both signs at least once.
        for (Activation activation : Activation.values()) {
            ActivationLayer layer = new ActivationLayer(activation, 3, COMPUTE);
            DMatrixRMaj x = new DMatrixRMaj(new double[][] {{-1.5, -0.3, 0.2}, {0.7, 1.9, -0.8}});
            DMatrixRMaj r = new DMatrixRMaj(new double[][] {{0.3, -0.9, 0.5}, {1.0, -0.2, 0.6}});
            GradientCheck.check(Differentiable.of(layer), x, r, Mode.TRAIN);
        }
    }

    // ---------------------------------------------------------------- Block

    private static final List<Function<Integer, List<Layer>>> TAILS = List.of(
            w -> List.of(new BatchNorm("bn", w, COMPUTE), new ActivationLayer(Activation.RELU, w, COMPUTE)),
            w -> List.of(new BatchNorm("bn", w, COMPUTE), new ActivationLayer(Activation.TANH, w, COMPUTE)),
            w -> List.of(new ActivationLayer(Activation.SIGMOID, w, COMPUTE)),
            w -> List.of(new ActivationLayer(Activation.RELU, w, COMPUTE)),
            w -> List.of(new BatchNorm("bn", w, COMPUTE)),
            w -> List.of());

    @Test
    void blockGradientsMatchCentralDifferences() {
        qt().withFixedSeed(SEED).withExamples(EXAMPLES)
                .forAll(cases(), integers().between(0, TAILS.size() - 1), booleans().all())
                .checkAssert((c, tailIndex, train) -> {
                    Mode mode = train ? Mode.TRAIN : Mode.EVAL;
                    for (int attempt = 0; attempt < 50; attempt++) {
                        SplittableRandom random = new SplittableRandom(c.seed() + attempt * 0x9E3779B97F4A7C15L);
                        Block block = new Block("block", randomLinear(c, random), TAILS.get(tailIndex).apply(c.out()));
                        for (Layer layer : block.tail()) {
                            if (layer instanceof BatchNorm bn) {
                                randomizeAffine(bn, random);
                            }
                        }
                        warmUp(Differentiable.of(block), c.batch(), c.in(), mode, random);
                        DMatrixRMaj x = Matrices.uniform(c.batch(), c.in(), -2, 2, random);
                        Conditioning.Report report = Conditioning.inspect(Conditioning.layers(block), x, mode);
                        if (!report.wellConditioned()) {
                            continue;
                        }
                        DMatrixRMaj r = Matrices.uniform(c.batch(), block.outputWidth(), -1, 1, random);
                        GradientCheck.check(Conditioning.guard(Differentiable.of(block), report), x, r, mode);
                        return;
                    }
                    throw new AssertionError("no well-conditioned draw in 50 attempts for " + c);
                });
    }

    /** In EVAL mode, a few training passes first so that BatchNorm's running statistics are not (0, 1). */
    private static void warmUp(Differentiable f, int batch, int in, Mode mode, SplittableRandom random) {
        if (mode == Mode.EVAL) {
            for (int pass = 0; pass < 4; pass++) {
                f.forward(Matrices.uniform(batch, in, -2, 2, random), Mode.TRAIN);
            }
        }
    }

    // ---------------------------------------------------------------- Network

    /** Batch, four widths (input, two hidden, output), three flags and a seed. */
    record NetworkCase(int batch, List<Integer> widths, boolean bias, boolean outputBatchNorm, boolean train,
                       long seed) {
    }

    private static Gen<NetworkCase> networkCases() {
        Gen<List<Integer>> widths = integers().between(1, 7).zip(integers().between(1, 7), integers().between(1, 7),
                integers().between(1, 7), (a, b, c, d) -> List.of(a, b, c, d));
        Gen<boolean[]> flags = booleans().all().zip(booleans().all(), booleans().all(),
                (a, b, c) -> new boolean[] {a, b, c});
        return integers().between(2, 6).zip(widths, flags, longs().all(),
                (batch, w, f, seed) -> new NetworkCase(batch, w, f[0], f[1], f[2], seed));
    }

    @Test
    void networkGradientsMatchCentralDifferences() {
        qt().withFixedSeed(SEED).withExamples(100).forAll(networkCases()).checkAssert(c -> {
            Mode mode = c.train() ? Mode.TRAIN : Mode.EVAL;
            Architecture architecture = new Architecture(c.widths().get(0), c.widths().subList(1, 3),
                    c.widths().get(3), Activation.RELU, c.bias(), true, c.outputBatchNorm(),
                    Initializer.UNIFORM_FAN_IN);
            for (int attempt = 0; attempt < 50; attempt++) {
                long seed = c.seed() + attempt * 0x9E3779B97F4A7C15L;
                SplittableRandom random = new SplittableRandom(seed);
                Network network = architecture.build(new RandomStreams(seed), COMPUTE);
                assertEquals(architecture.shape(), network.shape());
                for (Block block : network.blocks()) {
                    if (block.linear().hasBias()) {
                        Matrices.fill(block.linear().bias().value(), -1, 1, random);
                    }
                    for (Layer layer : block.tail()) {
                        if (layer instanceof BatchNorm bn) {
                            randomizeAffine(bn, random);
                        }
                    }
                }
                warmUp(Differentiable.of(network), c.batch(), c.widths().get(0), mode, random);
                DMatrixRMaj x = Matrices.uniform(c.batch(), c.widths().get(0), -2, 2, random);
                Conditioning.Report report = Conditioning.inspect(Conditioning.layers(network), x, mode);
                if (!report.wellConditioned()) {
                    continue;
                }
                DMatrixRMaj r = Matrices.uniform(c.batch(), c.widths().get(3), -1, 1, random);
                GradientCheck.check(Conditioning.guard(Differentiable.of(network), report), x, r, mode);
                return;
            }
            throw new AssertionError("no well-conditioned draw in 50 attempts for " + c);
        });
    }

    // ---------------------------------------------------------------- tests for the test

    /** A layer that forwards everything to {@code delegate}; the broken layers below alter its backward pass. */
    private abstract static class ForwardingLayer implements Layer {
        final Layer delegate;

        ForwardingLayer(Layer delegate) {
            this.delegate = delegate;
        }

        @Override
        public int inputWidth() {
            return delegate.inputWidth();
        }

        @Override
        public int outputWidth() {
            return delegate.outputWidth();
        }

        @Override
        public DMatrixRMaj forward(DMatrixRMaj input, Mode mode) {
            return delegate.forward(input, mode);
        }

        @Override
        public List<Parameter> parameters() {
            return delegate.parameters();
        }
    }

    /** A layer whose backward pass is the delegate's with every input-gradient entry scaled by 1.01. */
    private static Layer inputGradientScaled(Layer delegate, double factor) {
        return new ForwardingLayer(delegate) {
            private final DMatrixRMaj scaled = new DMatrixRMaj(1, 1);

            @Override
            public String kind() {
                return "scaled-" + delegate.kind();
            }

            @Override
            public DMatrixRMaj backward(DMatrixRMaj outputGradient) {
                DMatrixRMaj g = delegate.backward(outputGradient);
                scaled.setTo(g);
                for (int i = 0; i < scaled.getNumElements(); i++) {
                    scaled.data[i] *= factor;
                }
                return scaled;
            }
        };
    }

    /** A layer whose backward pass leaves one parameter-gradient entry off by {@code delta}. */
    private static Layer parameterGradientPerturbed(Layer delegate, int parameter, int entry, double delta) {
        return new ForwardingLayer(delegate) {
            @Override
            public String kind() {
                return "perturbed-" + delegate.kind();
            }

            @Override
            public DMatrixRMaj backward(DMatrixRMaj outputGradient) {
                DMatrixRMaj g = delegate.backward(outputGradient);
                delegate.parameters().get(parameter).gradient().data[entry] += delta;
                return g;
            }
        };
    }

    @Test
    void theCheckCatchesAnInputGradientOffByOnePercent() {
        qt().withFixedSeed(SEED).withExamples(20).forAll(cases()).checkAssert(c -> {
            SplittableRandom random = c.random();
            Linear linear = randomLinear(c, random);
            DMatrixRMaj x = Matrices.uniform(c.batch(), c.in(), -2, 2, random);
            DMatrixRMaj r = Matrices.uniform(c.batch(), c.out(), -1, 1, random);
            GradientCheck.check(Differentiable.of(linear), x, r, Mode.TRAIN); // the honest layer passes
            AssertionError caught = assertThrows(AssertionError.class, () -> GradientCheck.check(
                    Differentiable.of(inputGradientScaled(linear, 1.01)), x, r, Mode.TRAIN));
            assertTrue(caught.getMessage().contains("dL/dinput"), caught.getMessage());
        });
    }

    @Test
    void theCheckCatchesOnePerturbedParameterGradientEntry() {
        qt().withFixedSeed(SEED).withExamples(20).forAll(cases(), booleans().all()).checkAssert((c, scale) -> {
            SplittableRandom random = c.random();
            BatchNorm bn = randomBatchNorm(c.out(), random);
            DMatrixRMaj x = Matrices.spreadColumns(c.batch(), c.out(), -2, 2, Conditioning.MIN_BATCHNORM_STD,
                    random);
            DMatrixRMaj r = Matrices.uniform(c.batch(), c.out(), -1, 1, random);
            int entry = random.nextInt(c.out());
            // 1e-4 is 100 times the tolerance's absolute floor, yet invisible to a loose check.
            Layer broken = parameterGradientPerturbed(bn, scale ? 0 : 1, entry, 1e-4);
            AssertionError caught = assertThrows(AssertionError.class,
                    () -> GradientCheck.check(Differentiable.of(broken), x, r, Mode.TRAIN));
            assertTrue(caught.getMessage().contains(scale ? "bn/scale" : "bn/shift"), caught.getMessage());
        });
    }

    @Test
    void theCheckCatchesABatchNormMissingItsBatchStatisticsTermsInsideABlock() {
        // A block whose BatchNorm forgets the batch-statistics terms (the EVAL formula in TRAIN mode)
        // must fail the block check: the check is sensitive to exactly the terms it claims to verify.
        SplittableRandom random = new SplittableRandom(7);
        int batch = 5;
        int width = 4;
        BatchNorm bn = randomBatchNorm(width, random);
        Layer naive = new Layer() {
            private final DMatrixRMaj dx = new DMatrixRMaj(1, 1);
            private double[] inverseStd;

            @Override
            public String kind() {
                return "naive-batchnorm";
            }

            @Override
            public int inputWidth() {
                return width;
            }

            @Override
            public int outputWidth() {
                return width;
            }

            @Override
            public DMatrixRMaj forward(DMatrixRMaj input, Mode mode) {
                inverseStd = new double[width];
                for (int c = 0; c < width; c++) {
                    double mean = 0;
                    for (int row = 0; row < input.numRows; row++) {
                        mean += input.get(row, c);
                    }
                    mean /= input.numRows;
                    double sq = 0;
                    for (int row = 0; row < input.numRows; row++) {
                        sq += (input.get(row, c) - mean) * (input.get(row, c) - mean);
                    }
                    inverseStd[c] = 1 / Math.sqrt(sq / input.numRows + BatchNorm.DEFAULT_EPSILON);
                }
                return bn.forward(input, mode);
            }

            @Override
            public DMatrixRMaj backward(DMatrixRMaj outputGradient) {
                bn.backward(outputGradient); // parameter gradients are right
                dx.reshape(outputGradient.numRows, width);
                for (int row = 0; row < outputGradient.numRows; row++) {
                    for (int c = 0; c < width; c++) {
                        dx.set(row, c, outputGradient.get(row, c) * bn.scale().value().get(0, c) * inverseStd[c]);
                    }
                }
                return dx;
            }

            @Override
            public List<Parameter> parameters() {
                return bn.parameters();
            }
        };
        Block block = new Block("block", new Linear("linear", 3, width, true, COMPUTE), List.of(naive));
        Matrices.fill(block.linear().weight().value(), -1, 1, random);
        DMatrixRMaj x = Matrices.spreadColumns(batch, 3, -2, 2, 0.3, random);
        DMatrixRMaj r = Matrices.uniform(batch, width, -1, 1, random);
        assertThrows(AssertionError.class, () -> GradientCheck.check(Differentiable.of(block), x, r, Mode.TRAIN));
        // ... while the same block with the real BatchNorm, in the same state, passes.
        Block honest = new Block("block", block.linear(), List.of(bn));
        GradientCheck.check(Differentiable.of(honest), x, r, Mode.TRAIN);
    }

    @Test
    void networkWithTanhAndWithoutBatchNormPassesToo() {
        Architecture architecture = new Architecture(3, List.of(4, 5), 2, Activation.TANH, true, false, false,
                Initializer.UNIFORM_FAN_IN);
        Network network = architecture.build(new RandomStreams(3), COMPUTE);
        SplittableRandom random = new SplittableRandom(3);
        DMatrixRMaj x = Matrices.uniform(4, 3, -2, 2, random);
        DMatrixRMaj r = Matrices.uniform(4, 2, -1, 1, random);
        assertEquals(6, network.parameters().size());
        GradientCheck.check(Differentiable.of(network), x, r, Mode.TRAIN);
    }
}
