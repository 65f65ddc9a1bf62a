package org.errorprop.framework.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.Arrays;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.random.RandomStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ArtificialDataSetsTest {

    private static int[] labels(Dataset d) {
        int[] y = new int[d.size()];
        for (int i = 0; i < y.length; i++) {
            y[i] = d.label(i);
        }
        return y;
    }

    private static int differences(int[] a, int[] b) {
        int count = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                count++;
            }
        }
        return count;
    }

    @ParameterizedTest
    @EnumSource(ArtificialKind.class)
    void paperSizes(ArtificialKind kind) {
        Dataset two = ArtificialDataSets.generate(kind, 2, 7L);
        assertEquals(100, two.size());
        assertEquals(2, two.inputWidth());
        assertEquals(2, two.classes());
        assertEquals(2, two.outputWidth());
        assertEquals(kind.label() + "_2", two.name());

        Dataset hundred = ArtificialDataSets.generate(kind, 100, 7L);
        assertEquals(1000, hundred.size());
        assertEquals(100, hundred.inputWidth());
        assertEquals(2, hundred.classes());
    }

    @Test
    void otherSizesNeedExplicitN() {
        Dataset d = ArtificialDataSets.generate(ArtificialKind.NOISY, 5, 37, new RandomStreams(1));
        assertEquals(37, d.size());
        assertEquals(5, d.inputWidth());
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> ArtificialDataSets.generate(ArtificialKind.LINEAR, 3, 1L));
        assertTrue(e.getMessage().contains("k = 3"), e.getMessage());
    }

    @Test
    void rejectsNonPositiveSizes() {
        assertThrows(InvalidInputException.class,
                () -> ArtificialDataSets.generate(ArtificialKind.LINEAR, 0, 10, new RandomStreams(1)));
        assertThrows(InvalidInputException.class,
                () -> ArtificialDataSets.generate(ArtificialKind.RANDOM, 2, 0, new RandomStreams(1)));
    }

    @ParameterizedTest
    @EnumSource(ArtificialKind.class)
    void deterministicForASeed(ArtificialKind kind) {
        Dataset a = ArtificialDataSets.generate(kind, 100, 42L);
        Dataset b = ArtificialDataSets.generate(kind, 100, 42L);
        assertArrayEquals(a.inputs().data, b.inputs().data);
        assertArrayEquals(a.targets().data, b.targets().data);

        Dataset c = ArtificialDataSets.generate(kind, 100, 43L);
        assertFalse(Arrays.equals(a.inputs().data, c.inputs().data), "another seed gives other points");
    }

    @Test
    void kindsShareThePointsOfASeed() {
        Dataset linear = ArtificialDataSets.generate(ArtificialKind.LINEAR, 2, 5L);
        Dataset noisy = ArtificialDataSets.generate(ArtificialKind.NOISY, 2, 5L);
        Dataset random = ArtificialDataSets.generate(ArtificialKind.RANDOM, 2, 5L);
        assertArrayEquals(linear.inputs().data, noisy.inputs().data);
        assertArrayEquals(linear.inputs().data, random.inputs().data);
    }

    @Test
    void linearIsSeparatedByTheGeneratingHyperplane() {
        for (int k : new int[] {2, 100}) {
            for (long seed = 0; seed < 10; seed++) {
                RandomStreams streams = new RandomStreams(seed);
                int n = ArtificialDataSets.paperSize(k);
                Dataset d = ArtificialDataSets.generate(ArtificialKind.LINEAR, k, n, streams);
                double[] w = ArtificialDataSets.hyperplaneNormal(k, streams);
                int ones = 0;
                for (int i = 0; i < n; i++) {
                    double dot = 0;
                    for (int j = 0; j < k; j++) {
                        dot += w[j] * d.inputs().get(i, j);
                    }
                    assertEquals(dot > 0 ? 1 : 0, d.label(i), "example " + i + " is on the wrong side");
                    ones += d.label(i);
                }
                assertTrue(ones > 0 && ones < n, "both sides hold points (k=" + k + ", seed=" + seed + ")");
            }
        }
    }

    @Test
    void noisyFlipsExactlyTenPercentOfLinear() {
        for (int k : new int[] {2, 100}) {
            for (long seed = 0; seed < 10; seed++) {
                int[] linear = labels(ArtificialDataSets.generate(ArtificialKind.LINEAR, k, seed));
                int[] noisy = labels(ArtificialDataSets.generate(ArtificialKind.NOISY, k, seed));
                assertEquals(linear.length / 10, differences(linear, noisy), "k=" + k + ", seed=" + seed);
            }
        }
    }

    @Test
    void noisyFlipsRoundedTenthForAnySize() {
        qt().withFixedSeed(20170101L).withExamples(200)
                .forAll(integers().between(1, 400), integers().between(1, 8), longs().all())
                .checkAssert((n, k, seed) -> {
                    RandomStreams streams = new RandomStreams(seed);
                    int[] linear = labels(ArtificialDataSets.generate(ArtificialKind.LINEAR, k, n, streams));
                    int[] noisy = labels(ArtificialDataSets.generate(ArtificialKind.NOISY, k, n, streams));
                    int expected = (int) Math.round(n / 10.0); // n / 10.0 is exact at the halves
                    assertEquals(expected, differences(linear, noisy), "n=" + n + ", k=" + k + ", seed=" + seed);
                    assertEquals(expected, ArtificialDataSets.flippedCount(n));
                    int[] chosen = ArtificialDataSets.noisyIndices(n, streams);
                    assertEquals(expected, Arrays.stream(chosen).distinct().count(), "flipped examples are distinct");
                });
    }

    /**
     * The number of ones among n fair labels is Binomial(n, ½). By Hoeffding,
     * P(|ones − n/2| ≥ t) ≤ 2·exp(−2t²/n); for n = 1000 and t = 95 (six standard deviations,
     * σ = √250 ≈ 15.8) that is ≤ 2.9e−8 per data set, so ≤ 5.8e−7 over these 20 seeds. For n = 100
     * and t = 30, ≤ 2.5e−8 per data set.
     */
    @Test
    void randomLabelsAreRoughlyBalanced() {
        for (long seed = 0; seed < 20; seed++) {
            int[] big = labels(ArtificialDataSets.generate(ArtificialKind.RANDOM, 100, seed));
            int ones = Arrays.stream(big).sum();
            assertTrue(Math.abs(ones - 500) < 95, "seed " + seed + ": " + ones + " ones of 1000");

            int[] small = labels(ArtificialDataSets.generate(ArtificialKind.RANDOM, 2, seed));
            int smallOnes = Arrays.stream(small).sum();
            assertTrue(Math.abs(smallOnes - 50) < 30, "seed " + seed + ": " + smallOnes + " ones of 100");
        }
    }

    @Test
    void randomLabelsIgnoreTheHyperplane() {
        // Random labels agree with the hyperplane on about half the points, not all of them.
        int[] linear = labels(ArtificialDataSets.generate(ArtificialKind.LINEAR, 100, 3L));
        int[] random = labels(ArtificialDataSets.generate(ArtificialKind.RANDOM, 100, 3L));
        int d = differences(linear, random);
        assertTrue(Math.abs(d - 500) < 95, d + " of 1000 differ");
    }

    @Test
    void specParsesPaperNames() {
        ArtificialSpec a = ArtificialSpec.parse("linear_2");
        assertEquals(new ArtificialSpec(ArtificialKind.LINEAR, 2, 100), a);
        assertEquals(new ArtificialSpec(ArtificialKind.NOISY, 100, 1000), ArtificialSpec.parse("noisy100"));
        assertEquals(new ArtificialSpec(ArtificialKind.RANDOM, 100, 1000), ArtificialSpec.parse("Random_100"));
        assertEquals("noisy_100", ArtificialSpec.parse("noisy_100").withPoints(50).name());
        assertEquals(50, ArtificialSpec.parse("linear_2").withPoints(50).generate(new RandomStreams(1)).size());

        InvalidInputException unknown = assertThrows(InvalidInputException.class,
                () -> ArtificialSpec.parse("curved_2"));
        assertTrue(unknown.getMessage().contains("curved"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("linear, noisy, random"), unknown.getMessage());
        assertThrows(InvalidInputException.class, () -> ArtificialSpec.parse("linear"));
        assertThrows(InvalidInputException.class, () -> ArtificialSpec.parse("linear_7"));
    }
}
