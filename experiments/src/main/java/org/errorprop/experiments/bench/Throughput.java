package org.errorprop.experiments.bench;

/**
 * One measured training throughput.
 *
 * @param method            {@code bp} or {@code sg} (the peer's names)
 * @param depth             hidden blocks
 * @param implementation    {@code errorprop}, {@code errorprop-f32mm}, {@code pytorch-f32} or {@code pytorch-f64}
 * @param samplesPerSecond  training examples per second over the timed steps
 * @param gflopsPerSecond   matrix-product GFLOP/s implied by {@link BenchmarkNetwork#flopsPerStep} (NaN for the peer)
 */
public record Throughput(String method, int depth, String implementation, double samplesPerSecond,
                         double gflopsPerSecond) {
}
