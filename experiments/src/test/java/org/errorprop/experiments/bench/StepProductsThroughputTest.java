package org.errorprop.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.random.Well19937c;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.linalg.BlasBackend;
import org.errorprop.framework.linalg.MatmulPrecision;
import org.junit.jupiter.api.Test;

class StepProductsThroughputTest {
    @Test
    void theProductsAreExactlyTheOnesTheFlopCountCounts() {
        for (int depth : new int[] {2, 3, 6, 20}) {
            BenchmarkNetwork spec = new BenchmarkNetwork(depth, 48, 16);
            for (boolean synthetic : new boolean[] {false, true}) {
                double counted = spec.flopsPerStep(synthetic);
                double run = StepProductsThroughput.flops(StepProductsThroughput.products(spec, synthetic,
                        new Well19937c(1)));
                assertEquals(counted, run, 0.0, "depth " + depth + (synthetic ? " sg" : " bp"));
            }
        }
        // and the count tells the methods apart, so the equality above is not between two constants
        BenchmarkNetwork spec = new BenchmarkNetwork(6, 48, 16);
        assertNotEquals(StepProductsThroughput.flops(StepProductsThroughput.products(spec, false, new Well19937c(1))),
                StepProductsThroughput.flops(StepProductsThroughput.products(spec, true, new Well19937c(1))));
    }

    @Test
    void aRowIsNamedAfterItsTrainingSideAndMeasuresThePassedClock() {
        long[] now = {0};
        try (Compute compute = Compute.of(BlasBackend.AUTO, 1)) {
            Throughput t = new StepProductsThroughput(() -> now[0] += 1_000_000, compute.withPrecision(
                    MatmulPrecision.FLOAT32)).measure(new BenchmarkNetwork(2, 16, 8), "bp", 0, 10, 1);
            assertEquals("errorprop-f32mm-products", t.implementation());
            // two clock reads 1 ms apart around 10 steps of 8 examples: 80 examples per millisecond
            assertEquals(80_000, t.samplesPerSecond(), 1e-6);
            assertTrue(t.gflopsPerSecond() > 0);
        }
    }
}
