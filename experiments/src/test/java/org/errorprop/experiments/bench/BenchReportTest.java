package org.errorprop.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    @Test
    void eachPrecisionIsHeldAgainstItsOwnGemmRateAndThePeerBestToBestAndMedianToMedian() {
        ThroughputSamples samples = new ThroughputSamples();
        samples.add(new Throughput("bp", 6, "errorprop", 200, 40));
        samples.add(new Throughput("bp", 6, "errorprop", 100, 20));
        samples.add(new Throughput("bp", 6, "errorprop-f32mm", 300, 60));
        samples.add(new Throughput("bp", 6, "pytorch-f32", 100, Double.NaN));
        samples.add(new Throughput("bp", 6, "pytorch-f32", 50, Double.NaN));
        samples.add(new Throughput("bp", 6, "pytorch-f64", 80, Double.NaN));
        BenchReport report = new BenchReport(samples.summaries(), 80, 120);

        List<String> rows = report.markdown().lines().toList();
        // errorprop: best 200, median 150; against pytorch-f32 best 100, median 75: 2.00 / 2.00; 40 of 80 GFLOP/s
        assertTrue(rows.get(2).matches("\\| bp \\| 6 \\| errorprop \\| 2 \\| 200 \\| 150 \\| 40\\.0 \\| 50% "
                + "\\| 2\\.50 / 1\\.88 \\| 2\\.00 / 2\\.00 \\|"), rows.get(2));
        // errorprop-f32mm: 60 of the sgemm rate 120
        assertTrue(rows.get(3).contains("| errorprop-f32mm | 1 | 300 | 300 | 60.0 | 50% | 3.75 / 3.75 | 3.00 / 4.00 |"),
                rows.get(3));
        assertTrue(rows.get(4).contains("| pytorch-f32 | 2 | 100 | 75 |  |  |  |  |"), rows.get(4));

        List<String> csv = report.csv().lines().toList();
        assertEquals("method,depth,impl,samples_per_second,gflops_per_second,median_samples_per_second,runs,"
                + "gemm_gflops_per_second", csv.get(0));
        assertTrue(csv.get(1).startsWith("bp,6,errorprop,200") && csv.get(1).endsWith(",150.0,2,80.0"), csv.get(1));
        assertTrue(csv.get(2).endsWith(",1,120.0"), csv.get(2));
    }
}
