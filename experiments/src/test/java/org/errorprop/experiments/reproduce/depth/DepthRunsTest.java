package org.errorprop.experiments.reproduce.depth;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.experiments.reproduce.Progress;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.data.ArtificialDataSets;
import org.errorprop.framework.data.ArtificialKind;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.data.Dataset;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.random.RandomStreams;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class DepthRunsTest {
    private static final Compute COMPUTE = Compute.sequential();


    private static DataSplit tinyTask() {
        Dataset data = ArtificialDataSets.generate(ArtificialKind.NOISY, 6, 120, new RandomStreams(3));
        return new DataSplit(data, data);
    }

    private static List<DepthRunSpec> specs() {
        List<DepthRunSpec> specs = new ArrayList<>();
        for (int depth : List.of(2, 4)) {
            DepthNetwork network = new DepthNetwork(depth, 8, Activation.RELU);
            for (StudiedMethod method : StudiedMethod.values()) {
                specs.add(new DepthRunSpec(network, method, 1e-2, 1e-4, 16, 2, 3, 7, "test/" + network.label()));
            }
        }
        return specs;
    }

    @Test
    void twoWorkersGiveTheSameNumbersAsOneBitForBit() {
        DataSplit data = tinyTask();
        List<DepthRunResult> serial = DepthRuns.train(specs(), data, 1, Progress.SILENT, COMPUTE);
        List<DepthRunResult> parallel = DepthRuns.train(specs(), data, 2, Progress.SILENT, COMPUTE);
        assertEquals(serial.size(), parallel.size());
        for (int i = 0; i < serial.size(); i++) {
            assertArrayEquals(serial.get(i).curve().trainLoss(), parallel.get(i).curve().trainLoss(), 0.0);
            assertArrayEquals(serial.get(i).curve().testAccuracy(), parallel.get(i).curve().testAccuracy(), 0.0);
            assertEquals(serial.get(i).squaredWeightNorms(), parallel.get(i).squaredWeightNorms());
        }
    }

    @Test
    void differentRulesTrainDifferently() {
        List<DepthRunResult> results = DepthRuns.train(specs().subList(0, 3), tinyTask(), 1, Progress.SILENT, COMPUTE);
        DepthRunResult backprop = results.get(0);
        DepthRunResult sgEverywhere = results.get(2);
        assertNotEquals(backprop.squaredWeightNorms(), sgEverywhere.squaredWeightNorms(),
                "different rules must train differently");
    }

    @Test
    void squaredNormsCoverTheHiddenLayersOnly() {
        Network network = new DepthNetwork(2, 3, Activation.RELU).architecture(2, 2).build(new RandomStreams(1), COMPUTE);
        java.util.Arrays.fill(network.block(1).linear().weight().value().data, 1.0);
        java.util.Arrays.fill(network.block(2).linear().weight().value().data, 2.0);
        java.util.Arrays.fill(network.block(3).linear().weight().value().data, 5.0);
        // block 1: 2x3 ones -> 6; block 2: 3x3 twos -> 9 * 4 = 36; the output block is left out
        assertEquals(List.of(6.0, 36.0), DepthRuns.hiddenSquaredNorms(network, 2));
    }
}
