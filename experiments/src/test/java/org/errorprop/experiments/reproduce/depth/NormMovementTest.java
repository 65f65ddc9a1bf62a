package org.errorprop.experiments.reproduce.depth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.errorprop.experiments.reproduce.StudiedMethod;
import org.junit.jupiter.api.Test;

/** The norm-movement gate: smallest and median change over layers and replicates, and the 10% bar. */
class NormMovementTest {

    @Test
    void theSmallestLayerOfAnyReplicateDecides() {
        NormMovement movement = new NormMovement(Map.of(
                StudiedMethod.BACKPROP, List.of(new double[] {0.5, 0.3, 0.2}, new double[] {0.4, 0.09, 0.6}),
                StudiedMethod.SINGLE_SG, List.of(new double[] {0.1, 0.2, 0.3})));
        assertEquals(0.09, movement.smallest(StudiedMethod.BACKPROP), 0.0);
        assertEquals((0.3 + 0.4) / 2, movement.median(StudiedMethod.BACKPROP), 1e-15);
        assertFalse(movement.enough(List.of(StudiedMethod.BACKPROP)), "one layer moved 9% < 10%");
        assertTrue(movement.enough(List.of(StudiedMethod.SINGLE_SG)), "exactly 10% is enough");
        assertFalse(movement.enough(List.of(StudiedMethod.SINGLE_SG, StudiedMethod.BACKPROP)));
    }

    @Test
    void relativeChangesAreOfTheSquaredNormAndIgnoreDirection() {
        DepthRunResult run = new DepthRunResult(null, null, List.of(4.0, 2.0, 10.0), List.of(5.0, 1.0, 10.0));
        double[] changes = run.relativeNormChanges();
        assertEquals(0.25, changes[0], 0.0);
        assertEquals(0.5, changes[1], 0.0);
        assertEquals(0.0, changes[2], 0.0);
    }
}
