package org.errorprop.experiments.reproduce.representations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The profile statistics behind the claims. Tolerance {@code 1e-12}: the slope sums at most 20 products
 * of small integers and exact halves, so float64 rounding is far below it.
 */
class LayerProfileTest {
    private static final double TOLERANCE = 1e-12;

    @Test
    void theSlopeOfAStraightLineIsItsGradient() {
        LayerProfile line = new LayerProfile(new double[] {10, 8, 6, 4, 2});
        assertEquals(-2.0, line.slope(1, 5), TOLERANCE);
        assertEquals(-2.0, line.slope(2, 4), TOLERANCE);
    }

    @Test
    void aPlateauIsFoundWhereItStartsAndLost() {
        LayerProfile plateau = new LayerProfile(new double[] {1.0, 0.6, 0.3, 0.1, 0.05, 0.0});
        assertEquals(4, plateau.firstLayerStayingAtMost(0.25, 5));
        // the hypothesis broken: a rise at layer 5 above the bound means there is no plateau up to 5
        LayerProfile rising = new LayerProfile(new double[] {1.0, 0.6, 0.3, 0.1, 0.4, 0.0});
        assertEquals(6, rising.firstLayerStayingAtMost(0.25, 5));
    }

    @Test
    void aJumpStandsOutAgainstTheMedianStep() {
        // steps: 0.1, 0.1, 1.0 (across boundary 3), 0.2, 0.1
        LayerProfile stepped = new LayerProfile(new double[] {2.0, 1.9, 1.8, 0.8, 0.6, 0.5});
        assertEquals(1.0, stepped.stepAcross(3), TOLERANCE);
        assertEquals(0.1, stepped.medianStepExcept(3), TOLERANCE);
        // excluding another boundary leaves steps 0.1, 0.1, 1.0, 0.1: median 0.1
        assertEquals(0.1, stepped.medianStepExcept(4), TOLERANCE);
    }

    @Test
    void dividingScalesEveryLayer() {
        LayerProfile halved = new LayerProfile(new double[] {4, 2}).dividedBy(4);
        assertEquals(1.0, halved.at(1), 0.0);
        assertEquals(0.5, halved.at(2), 0.0);
    }
}
