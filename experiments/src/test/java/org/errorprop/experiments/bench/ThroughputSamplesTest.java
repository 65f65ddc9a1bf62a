package org.errorprop.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputSamplesTest {

    @Test
    void eachSideKeepsItsBestRunAndItsMedian() {
        ThroughputSamples samples = new ThroughputSamples();
        for (double rate : new double[] {30, 10, 20}) {
            samples.add(new Throughput("bp", 6, "errorprop", rate, rate / 10));
        }
        for (double rate : new double[] {5, 40, 7, 6}) {
            samples.add(new Throughput("bp", 6, "pytorch-f32", rate, Double.NaN));
        }
        List<ThroughputSamples.Summary> summaries = samples.summaries();
        assertEquals(2, summaries.size());
        assertEquals(30, summaries.get(0).best().samplesPerSecond());
        assertEquals(3.0, summaries.get(0).best().gflopsPerSecond(), "the best run's own GFLOP/s");
        assertEquals(20, summaries.get(0).medianSamples());
        assertEquals(3, summaries.get(0).runs());
        assertEquals(40, summaries.get(1).best().samplesPerSecond());
        assertEquals(6.5, summaries.get(1).medianSamples(), "even count: the mean of the middle two");
        assertEquals("pytorch-f32", summaries.get(1).side().implementation());
    }
}
