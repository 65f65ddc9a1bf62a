package org.errorprop.framework.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.parallel.SplitInvarianceTest;
import org.errorprop.framework.parallel.WorkSplitter;
import org.junit.jupiter.api.Test;

/**
 * The split rule of {@link Blas} under each OpenBLAS kernel this machine can run, forced with
 * {@code OPENBLAS_CORETYPE} in a fresh JVM (OpenBLAS picks its kernel once, when it loads): Haswell (AVX2, 8-column
 * kernel) always, SkylakeX (AVX-512, 12-column kernel and a small-matrix path up to 10⁶ multiply-adds) where the CPU
 * has AVX-512. Under each, 400 random products that the rule splits must equal the whole products bit for bit, and
 * twenty training steps on one part and on two must agree.
 *
 * <p>The same for {@link MatmulPrecision#FLOAT32} products ({@code sgemm}, whose kernels block differently: ADR-0009),
 * with the training steps on float32 products.
 *
 * <p>The test for the test: the rule the code had before (cuts at multiples of 8 rows, parts of any size above
 * 2¹⁹ multiply-adds in all) is run on the same random shapes under SkylakeX, and must be seen to differ; for float32,
 * the same old rule under Haswell (whose sgemm kernel needs cuts at multiples of 12).
 */
class KernelPathsTest {
    private static final int SHAPES = 400;

    @Test
    void splitProductsAndTrainingKeepEveryBitUnderEachKernel() throws Exception {
        assumeTrue(Compute.sequential().blas().kind() == BlasKind.NATIVE, "needs OpenBLAS (libopenblas0-pthread)");
        List<String> kernels = new ArrayList<>(List.of("Haswell"));
        if (cpuHasAvx512()) {
            kernels.add("SkylakeX");
        }
        for (String kernel : kernels) {
            for (String rule : List.of("rule", "float32-rule")) {
                String result = probe(kernel, rule);
                assertTrue(result.matches("shapes=\\d+ differing=0 training=same"), kernel + " " + rule + ": " + result);
                assertTrue(Integer.parseInt(result.split("[= ]")[1]) >= 50, kernel + " tried too few shapes: " + result);
            }
        }
    }

    @Test
    void theOldRuleIsSeenToChangeFloat32BitsUnderHaswell() throws Exception {
        assumeTrue(Compute.sequential().blas().kind() == BlasKind.NATIVE, "needs OpenBLAS (libopenblas0-pthread)");
        String result = probe("Haswell", "float32-old-rule");
        int differing = Integer.parseInt(result.split("[= ]")[3]);
        assertTrue(differing > 0, "the control should find float32 products that a cut at multiples of 8 changes: "
                + result);
    }

    @Test
    void theOldRuleIsSeenToChangeBitsUnderSkylakeX() throws Exception {
        assumeTrue(Compute.sequential().blas().kind() == BlasKind.NATIVE, "needs OpenBLAS (libopenblas0-pthread)");
        assumeTrue(cpuHasAvx512(), "the SkylakeX kernel needs AVX-512");
        String result = probe("SkylakeX", "old-rule");
        int differing = Integer.parseInt(result.split("[= ]")[3]);
        assertTrue(differing > 0, "the control should find products that a cut at multiples of 8 changes: " + result);
    }

    private static boolean cpuHasAvx512() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        return Files.isReadable(cpuinfo) && Files.readString(cpuinfo).contains(" avx512f");
    }

    private static String probe(String kernel, String rule) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Probe.class.getName(), rule).redirectErrorStream(true);
        builder.environment().put("OPENBLAS_CORETYPE", kernel);
        builder.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.waitFor(), output);
        String[] lines = output.split("\n");
        return lines[lines.length - 1];
    }

    /**
     * Prints {@code shapes=N differing=D training=same|different} for the rule named by its argument: {@code rule} or
     * {@code old-rule} (double products), {@code float32-rule} or {@code float32-old-rule}.
     */
    public static final class Probe {
        public static void main(String[] args) {
            boolean oldRule = args[0].endsWith("old-rule");
            MatmulPrecision precision = args[0].startsWith("float32") ? MatmulPrecision.FLOAT32
                    : MatmulPrecision.FLOAT64;
            Blas whole = new Blas(BlasBackend.NATIVE, new WorkSplitter(1), precision);
            Blas parts = new Blas(BlasBackend.NATIVE, new WorkSplitter(2), precision);
            SinglePrecisionProduct floatRows = new SinglePrecisionProduct(BlasBackend.NATIVE.implementation());
            Random random = new Random(3);
            int shapes = 0;
            int differing = 0;
            for (int trial = 0; trial < SHAPES; trial++) {
                int m = 16 + random.nextInt(300);
                int n = 1 + random.nextInt(300);
                int k = 1 + random.nextInt(300);
                int oldCut = (m / 2) / 8 * 8;
                boolean split = oldRule ? m >= 32 && 2.0 * m * n * k >= (1 << 20) : parts.splits(m, n, k);
                if (!split) {
                    continue;
                }
                shapes++;
                boolean transposeA = random.nextBoolean();
                boolean transposeB = random.nextBoolean();
                DMatrixRMaj a = gaussian(transposeA ? k : m, transposeA ? m : k, random);
                DMatrixRMaj b = gaussian(transposeB ? n : k, transposeB ? k : n, random);
                DMatrixRMaj expected = new DMatrixRMaj(m, n);
                DMatrixRMaj actual = new DMatrixRMaj(m, n);
                whole.gemm(transposeA, transposeB, 1.0, a, b, 0.0, expected);
                if (oldRule && precision == MatmulPrecision.FLOAT32) {
                    floatRows.prepare(transposeA, transposeB, 1.0, a, b, 0.0, actual, new WorkSplitter(1));
                    floatRows.run(0, oldCut);
                    floatRows.run(oldCut, m);
                } else if (oldRule) {
                    whole.gemmRows(transposeA, transposeB, 1.0, a, b, 0.0, actual, 0, oldCut);
                    whole.gemmRows(transposeA, transposeB, 1.0, a, b, 0.0, actual, oldCut, m);
                } else {
                    parts.gemm(transposeA, transposeB, 1.0, a, b, 0.0, actual);
                }
                if (!Arrays.equals(expected.data, actual.data)) {
                    differing++;
                }
            }
            String training;
            try (Compute one = Compute.of(BlasBackend.NATIVE, 1, precision);
                 Compute two = Compute.of(BlasBackend.NATIVE, 2, precision)) {
                training = SplitInvarianceTest.train(one).equals(SplitInvarianceTest.train(two)) ? "same" : "different";
            }
            System.out.println("shapes=" + shapes + " differing=" + differing + " training=" + training);
        }

        private static DMatrixRMaj gaussian(int rows, int columns, Random random) {
            DMatrixRMaj matrix = new DMatrixRMaj(rows, columns);
            for (int i = 0; i < matrix.data.length; i++) {
                matrix.data[i] = random.nextGaussian();
            }
            return matrix;
        }
    }
}
