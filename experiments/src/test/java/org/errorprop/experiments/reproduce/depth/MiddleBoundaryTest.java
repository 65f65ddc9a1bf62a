package org.errorprop.experiments.reproduce.depth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MiddleBoundaryTest {

    @Test
    void twentyLayersGiveThePapersBoundaryEleven() {
        assertEquals(11, MiddleBoundary.of(20), "the paper: between layers 11 and 12");
    }

    @Test
    void otherDepthsFollowFloorHalfPlusOne() {
        assertEquals(2, MiddleBoundary.of(3));
        assertEquals(3, MiddleBoundary.of(5));
        assertEquals(6, MiddleBoundary.of(10));
        assertEquals(26, MiddleBoundary.of(50));
        assertEquals(1, MiddleBoundary.of(1));
    }

    @Test
    void theBoundaryIsAlwaysAHiddenBoundary() {
        for (int h = 1; h <= 60; h++) {
            int b = MiddleBoundary.of(h);
            assertEquals(true, b >= 1 && b <= h, "boundary " + b + " of " + h + " layers");
        }
    }

    @Test
    void aNetworkWithoutHiddenLayersIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> MiddleBoundary.of(0));
    }
}
