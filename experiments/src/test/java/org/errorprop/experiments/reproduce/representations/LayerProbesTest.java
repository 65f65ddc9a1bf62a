package org.errorprop.experiments.reproduce.representations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.experiments.reproduce.depth.DepthNetwork;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.random.RandomStreams;
import org.junit.jupiter.api.Test;

/** Probing networks side by side gives bit for bit the numbers of probing them one after the other. */
class LayerProbesTest {
    private static final Compute COMPUTE = Compute.sequential();
    private static final List<StudiedMethod> METHODS =
            List.of(StudiedMethod.BACKPROP, StudiedMethod.SINGLE_SG, StudiedMethod.DFA);

    @Test
    void theNumbersDoNotDependOnTheWorkers() {
        RandomGenerator random = new RandomStreams(11).startOf("points");
        int n = 90;
        DMatrixRMaj x = new DMatrixRMaj(n, 8);
        DMatrixRMaj y = new DMatrixRMaj(n, 3);
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < 8; c++) {
                x.set(r, c, random.nextGaussian());
            }
            y.set(r, r % 3, 1);
        }
        Dataset train = new Dataset("points", x, y, 3);
        Map<StudiedMethod, Network> networks = new EnumMap<>(StudiedMethod.class);
        for (int m = 0; m < METHODS.size(); m++) {
            networks.put(METHODS.get(m), new DepthNetwork(3, 6, Activation.RELU).architecture(8, 3)
                    .build(new RandomStreams(m + 1), COMPUTE));
        }
        LinearClassifierProbe classifier = new LinearClassifierProbe(1e-4, 1e-6, 2000, COMPUTE.blas());
        LayerProbes serial = LayerProbes.measure(networks, METHODS, train, classifier, 1, Progress.SILENT,
                COMPUTE.blas());
        LayerProbes parallel = LayerProbes.measure(networks, METHODS, train, classifier, 2, Progress.SILENT,
                COMPUTE.blas());
        for (StudiedMethod method : METHODS) {
            assertArrayEquals(serial.accuracy().get(method).values(), parallel.accuracy().get(method).values());
            assertArrayEquals(serial.reconstruction().get(method).values(),
                    parallel.reconstruction().get(method).values());
            assertEquals(serial.fits().get(method), parallel.fits().get(method));
            assertEquals(3, serial.fits().get(method).size());
        }
        assertEquals(serial.pixelFit(), parallel.pixelFit());
        // the networks differ, so a mix-up of which result belongs to which network would show
        assertNotEquals(serial.fits().get(StudiedMethod.BACKPROP), serial.fits().get(StudiedMethod.DFA));
    }
}
