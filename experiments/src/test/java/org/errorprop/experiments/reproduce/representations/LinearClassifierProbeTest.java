package org.errorprop.experiments.reproduce.representations;

import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.random.RandomStreams;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The classifier probe on data whose separability is known: separable clusters, random labels on few
 * points in many dimensions (always separable, the pitfall the probe's report warns about), and random
 * labels on many points in few dimensions (not separable: the 100% check must fail).
 */
class LinearClassifierProbeTest {
    private static final Compute COMPUTE = Compute.sequential();

    private final LinearClassifierProbe probe = new LinearClassifierProbe(1e-4, 1e-8, 5000, COMPUTE.blas());

    @Test
    void separableClustersReachFullAccuracy() {
        RandomGenerator random = new RandomStreams(3).startOf("clusters");
        int n = 100;
        DMatrixRMaj x = new DMatrixRMaj(n, 2);
        DMatrixRMaj y = new DMatrixRMaj(n, 2);
        for (int r = 0; r < n; r++) {
            int label = r % 2;
            double centre = label == 0 ? -3 : 3;  // 6 apart, unit noise: the classes never overlap in practice
            x.set(r, 0, centre + 0.5 * random.nextGaussian());
            x.set(r, 1, random.nextGaussian());
            y.set(r, label, 1);
        }
        assertEquals(1.0, probe.fit(x, y).trainAccuracy(), 0.0);
    }

    @Test
    void fewPointsInManyDimensionsAreSeparableUnderAnyLabels() {
        RandomGenerator random = new RandomStreams(4).startOf("few-points");
        int n = 10;
        int d = 12;  // n ≤ d + 1: any labelling is linearly separable
        DMatrixRMaj x = new DMatrixRMaj(n, d);
        DMatrixRMaj y = new DMatrixRMaj(n, 2);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < d; c++) {
                x.set(r, c, random.nextGaussian());
            }
            y.set(r, random.nextInt(2), 1);
        }
        assertEquals(1.0, probe.fit(x, y).trainAccuracy(), 0.0);
    }

    @Test
    void manyRandomlyLabelledPointsInFewDimensionsAreNot() {
        RandomGenerator random = new RandomStreams(5).startOf("many-points");
        int n = 400;
        DMatrixRMaj x = new DMatrixRMaj(n, 2);
        DMatrixRMaj y = new DMatrixRMaj(n, 2);
        for (int r = 0; r < n; r++) {
            x.set(r, 0, random.nextGaussian());
            x.set(r, 1, random.nextGaussian());
            y.set(r, random.nextInt(2), 1);
        }
        // a line can only beat chance by luck here: far from the 99.9% a "perfect" claim needs
        assertTrue(probe.fit(x, y).trainAccuracy() < 0.7);
    }

    @Test
    void standardisingCentresAndScalesEachUnit() {
        DMatrixRMaj x = new DMatrixRMaj(new double[][] {{1, 5}, {3, 5}});
        DMatrixRMaj z = LinearClassifierProbe.standardised(x);
        // column 0: mean 2, population std 1 → −1, 1; column 1 is constant → 0
        assertEquals(-1.0, z.get(0, 0), 1e-15);
        assertEquals(1.0, z.get(1, 0), 1e-15);
        assertEquals(0.0, z.get(0, 1), 0.0);
    }
}
