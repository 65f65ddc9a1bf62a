package org.errorprop.experiments.reproduce.depth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spearman's correlation, the trend and the spread on values worked out by hand. Every expected value is
 * a short sum of exactly representable numbers followed by one square root, so the results agree to a
 * few ulps; 1e-12 leaves room for that and nothing more.
 */
class ProfileStatisticsTest {
    private static final double TOLERANCE = 1e-12;

    @Test
    void spearmanOfOneSwappedPairPerHalf() {
        // ranks of y: 2 1 4 3 5, d = -1 1 -1 1 0, sum d^2 = 4, rho = 1 - 6*4/(5*24) = 0.8
        assertEquals(0.8, ProfileStatistics.spearman(new double[] {1, 2, 3, 4, 5}, new double[] {2, 1, 4, 3, 5}),
                TOLERANCE);
    }

    @Test
    void tiesShareTheirAverageRank() {
        assertArrayEquals(new double[] {1.5, 1.5, 3, 4}, ProfileStatistics.ranks(new double[] {1, 1, 2, 3}));
        // Pearson of (1,2,3,4) and (1.5,1.5,3,4): 4.5 / sqrt(5 * 4.5) = 3 / sqrt(10)
        assertEquals(3 / Math.sqrt(10),
                ProfileStatistics.spearman(new double[] {1, 2, 3, 4}, new double[] {1, 1, 2, 3}), TOLERANCE);
    }

    @Test
    void trendSeesOnlyTheOrder() {
        assertEquals(1.0, ProfileStatistics.trend(new double[] {0.1, 5, 6, 100}), TOLERANCE);
        assertEquals(-1.0, ProfileStatistics.trend(new double[] {9, 3, 2, 1.5}), TOLERANCE);
    }

    @Test
    void aConstantProfileHasNoTrend() {
        assertTrue(Double.isNaN(ProfileStatistics.trend(new double[] {1, 1, 1})));
    }

    @Test
    void normalisedProfileHasMeanOne() {
        assertArrayEquals(new double[] {0.5, 1.0, 1.5}, ProfileStatistics.normaliseByMean(List.of(2.0, 4.0, 6.0)),
                TOLERANCE);
    }

    @Test
    void unequalLengthsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> ProfileStatistics.spearman(new double[] {1, 2}, new double[] {1, 2, 3}));
    }
}
