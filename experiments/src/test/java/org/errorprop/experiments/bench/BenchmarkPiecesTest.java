package org.errorprop.experiments.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;

class BenchmarkPiecesTest {

    /**
     * By hand, depth 2, width 4, batch 2: widths 784-4-4-10. Forward products 2·2·784·4 = 12,544, 2·2·4·4 = 64,
     * 2·2·4·10 = 160; the first counts twice (no input gradient), the others three times: 25,760. The SG adds
     * its forward and weight-gradient products on [h, y] (4 + 10 inputs, 4 outputs): 2 · 2·2·14·4 = 448.
     * Integers below 2^53, so exact.
     */
    @Test
    void flopsPerStepByHand() {
        BenchmarkNetwork network = new BenchmarkNetwork(2, 4, 2);
        assertEquals(25_760.0, network.flopsPerStep(false));
        assertEquals(26_208.0, network.flopsPerStep(true));
    }

    @Test
    void theSynthesizerSitsAfterTheFirstHalfAsInThePeer() {
        assertEquals(3, new BenchmarkNetwork(6, 8, 4).synthesizerBoundary());
        assertEquals(4, new BenchmarkNetwork(7, 8, 4).synthesizerBoundary());
    }

    @Test
    void sizesThatCannotHoldAnSgOrBatchNormAreRefused() {
        assertThrows(InvalidInputException.class, () -> new BenchmarkNetwork(1, 8, 4));
        assertThrows(InvalidInputException.class, () -> new BenchmarkNetwork(2, 8, 1));
    }

    @Test
    void thePeersLinesAreParsedAndItsOtherOutputIgnored() {
        List<Throughput> parsed = TorchPeer.parse("""
                some warning from torch
                peer method=bp depth=6 width=256 batch=128 threads=1 dtype=float64 samples_per_second=6650.5
                peer method=sg depth=6 width=256 batch=128 threads=1 dtype=float64 samples_per_second=5926.0
                """);
        assertEquals(List.of(new Throughput("bp", 6, "pytorch-f64", 6650.5, Double.NaN),
                new Throughput("sg", 6, "pytorch-f64", 5926.0, Double.NaN)), parsed);
    }

    /** The test for the test: output without both result lines is an error, not an empty comparison. */
    @Test
    void aPeerThatPrintsNoResultIsAnError() {
        assertThrows(IllegalStateException.class, () -> TorchPeer.parse("Traceback: something\n"));
    }
}
