package org.errorprop.framework.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.compute.Compute;
import org.errorprop.framework.network.Activation;
import org.errorprop.framework.network.Architecture;
import org.errorprop.framework.network.Initializer;
import org.errorprop.framework.network.Mode;
import org.errorprop.framework.network.Network;
import org.errorprop.framework.random.RandomStreams;
import org.errorprop.framework.testing.Matrices;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The one evaluation-mode pass: its batches, its layers, and that both ways of reading it agree bit for bit. */
class EvaluationPassTest {
    private static final Compute COMPUTE = Compute.sequential();

    private static final int ROWS = 10;
    private static final int BATCH = 3; // batches of 3, 3, 3 and 1

    /** 2 -> 4 -> 3 -> 2 with BatchNorm after the hidden maps, whose running statistics are not the identity. */
    private static Network network() {
        Network network = new Architecture(2, List.of(4, 3), 2, Activation.RELU, true, true, false,
                Initializer.UNIFORM_FAN_IN).build(new RandomStreams(8), COMPUTE);
        network.forward(Matrices.uniform(16, 2, -2, 3, new SplittableRandom(1)), Mode.TRAIN);
        return network;
    }

    private static DMatrixRMaj inputs() {
        return Matrices.uniform(ROWS, 2, -1, 1, new SplittableRandom(2));
    }

    private static DMatrixRMaj rows(DMatrixRMaj m, int first, int count) {
        DMatrixRMaj out = new DMatrixRMaj(count, m.numCols);
        System.arraycopy(m.data, first * m.numCols, out.data, 0, count * m.numCols);
        return out;
    }

    /** Layer {@code k} of {@code rows} of the inputs, one block at a time in evaluation mode, on that batch alone. */
    private static DMatrixRMaj layerOfBatch(Network network, DMatrixRMaj batch, int k, Mode mode) {
        DMatrixRMaj current = batch;
        for (int b = 1; b <= k; b++) {
            current = network.block(b).forward(current, mode).copy();
        }
        return current;
    }

    @Test
    void outputsVisitConsecutiveBatchesEachRunOnItsOwnInEvaluationMode() {
        Network network = network();
        DMatrixRMaj inputs = inputs();
        List<Integer> firstRows = new ArrayList<>();
        List<DMatrixRMaj> outputs = new ArrayList<>();
        EvaluationPass.outputs(network, inputs, BATCH, (first, output) -> {
            firstRows.add(first);
            outputs.add(output.copy());
        });
        assertEquals(List.of(0, 3, 6, 9), firstRows);
        for (int b = 0; b < firstRows.size(); b++) {
            int first = firstRows.get(b);
            DMatrixRMaj batch = rows(inputs, first, Math.min(BATCH, ROWS - first));
            assertArrayEquals(network.forward(batch, Mode.EVAL).copy().data, outputs.get(b).data, 0.0, "batch " + b);
        }
    }

    @Test
    void layersVisitEveryLayerUpToTheLastBottomToTopEachTheRowsOfItsBatches() {
        Network network = network();
        DMatrixRMaj inputs = inputs();
        List<Integer> visited = new ArrayList<>();
        List<DMatrixRMaj> layers = new ArrayList<>();
        EvaluationPass.layers(network, inputs, 2, BATCH, (layer, activations) -> {
            visited.add(layer);
            layers.add(activations);
        });
        assertEquals(List.of(1, 2), visited, "layers 1 and 2, the output left out");
        for (int k = 1; k <= 2; k++) {
            DMatrixRMaj layer = layers.get(k - 1);
            assertEquals(ROWS, layer.numRows);
            assertEquals(network.block(k).outputWidth(), layer.numCols);
            for (int first = 0; first < ROWS; first += BATCH) {
                int count = Math.min(BATCH, ROWS - first);
                DMatrixRMaj expected = layerOfBatch(network, rows(inputs, first, count), k, Mode.EVAL);
                assertArrayEquals(expected.data, rows(layer, first, count).data, 0.0, "layer " + k + ", row " + first);
            }
        }
    }

    @Test
    void theTopLayerIsTheOutputsBitForBit() {
        Network network = network();
        DMatrixRMaj inputs = inputs();
        DMatrixRMaj[] top = new DMatrixRMaj[1];
        EvaluationPass.layers(network, inputs, 3, BATCH, (layer, activations) -> top[0] = activations);
        double[] outputs = new double[ROWS * 2];
        EvaluationPass.outputs(network, inputs, BATCH,
                (first, output) -> System.arraycopy(output.data, 0, outputs, first * 2, output.numRows * 2));
        assertArrayEquals(outputs, top[0].data, 0.0);
    }

    @Test
    void theComparisonsAboveTellEvaluationModeFromTrainingMode() {
        // the checks above would catch a pass run in training mode: BatchNorm then uses the batch's statistics
        Network network = network();
        DMatrixRMaj batch = rows(inputs(), 0, BATCH);
        DMatrixRMaj eval = layerOfBatch(network, batch, 1, Mode.EVAL);
        DMatrixRMaj train = layerOfBatch(network, batch, 1, Mode.TRAIN);
        assertFalse(Arrays.equals(eval.data, train.data));
    }

    @Test
    void aLayerOutsideTheNetworkOrAnEmptyBatchIsRejected() {
        Network network = network();
        assertThrows(IllegalArgumentException.class,
                () -> EvaluationPass.layers(network, inputs(), 4, BATCH, (layer, activations) -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> EvaluationPass.layers(network, inputs(), 0, BATCH, (layer, activations) -> { }));
        assertThrows(IllegalArgumentException.class,
                () -> EvaluationPass.outputs(network, inputs(), 0, (first, output) -> { }));
    }
}
