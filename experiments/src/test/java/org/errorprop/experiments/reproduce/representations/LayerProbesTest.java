package org.errorprop.experiments.reproduce.representations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.experiments.reproduce.RunStore;
import org.errorprop.experiments.reproduce.Scale;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.experiments.reproduce.depth.DepthNetwork;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.random.RandomStreams;
import org.junit.jupiter.api.Test;

/** Probing networks side by side gives bit for bit the numbers of probing them one after the other, per seed. */
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
        Map<StudiedMethod, List<Network>> networks = new EnumMap<>(StudiedMethod.class);
        Map<StudiedMethod, List<TrainedNetworks.FinalAccuracy>> finals = new EnumMap<>(StudiedMethod.class);
        for (int m = 0; m < METHODS.size(); m++) {
            List<Network> seeds = new ArrayList<>();
            for (int seed = 1; seed <= 2; seed++) {
                seeds.add(new DepthNetwork(3, 6, Activation.RELU).architecture(8, 3)
                        .build(new RandomStreams(10 * seed + m), COMPUTE));
            }
            networks.put(METHODS.get(m), seeds);
            finals.put(METHODS.get(m), List.of(new TrainedNetworks.FinalAccuracy(1, 1),
                    new TrainedNetworks.FinalAccuracy(1, 1)));
        }
        TrainedNetworks trained = new TrainedNetworks(RepresentationSettings.forScale(Scale.SMOKE), networks, finals);
        LinearClassifierProbe classifier = new LinearClassifierProbe(1e-4, 1e-6, 2000, COMPUTE.blas());
        List<Integer> probed = List.of(1, 3);
        LayerProbes serial = LayerProbes.measure(RunStore.inMemory(), "test", trained, METHODS, probed, train,
                classifier, 1, Progress.SILENT, COMPUTE.blas());
        LayerProbes parallel = LayerProbes.measure(RunStore.inMemory(), "test", trained, METHODS, probed, train,
                classifier, 2, Progress.SILENT, COMPUTE.blas());
        assertEquals(2, serial.seeds().size());
        for (int seed = 0; seed < 2; seed++) {
            for (StudiedMethod method : METHODS) {
                assertArrayEquals(serial.seeds().get(seed).accuracy(method).values(),
                        parallel.seeds().get(seed).accuracy(method).values());
                assertArrayEquals(serial.seeds().get(seed).reconstruction(method).values(),
                        parallel.seeds().get(seed).reconstruction(method).values());
                // the classifier ran at layers 1 and 3 only; the regressor at every layer
                assertTrue(Double.isNaN(serial.seeds().get(seed).accuracy(method).at(2)));
                assertTrue(Double.isFinite(serial.seeds().get(seed).reconstruction(method).at(2)));
            }
        }
        assertEquals(serial.fits(), parallel.fits());
        assertEquals(2 * 3 * 2, serial.fits().size());
        assertEquals(serial.pixelFit(), parallel.pixelFit());
        // the networks differ, so a mix-up of which result belongs to which network or seed would show
        assertNotEquals(serial.seeds().get(0).reconstruction(StudiedMethod.BACKPROP).at(1),
                serial.seeds().get(1).reconstruction(StudiedMethod.BACKPROP).at(1));
        assertNotEquals(serial.seeds().get(0).reconstruction(StudiedMethod.BACKPROP).at(1),
                serial.seeds().get(0).reconstruction(StudiedMethod.DFA).at(1));
    }
}
