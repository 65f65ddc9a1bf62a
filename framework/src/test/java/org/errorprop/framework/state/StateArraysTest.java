package org.errorprop.framework.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Named state arrays: copies in and out, and a state that does not fit is refused, not half applied unnoticed. */
class StateArraysTest {

    private static StateArrays sample() {
        StateArrays state = new StateArrays();
        state.writer().under("block-1").matrix("weight", new DMatrixRMaj(2, 2, true, 1, 2, 3, 4));
        state.writer().longs("steps", new long[] {7});
        return state;
    }

    @Test
    void arraysAreCopiedInAndOutUnderTheirScopedNames() {
        double[] values = {1, 2};
        StateArrays state = new StateArrays();
        state.writer().under("a").under("b").doubles("x", values);
        values[0] = 99;
        assertEquals(List.of("a/b/x"), state.names());
        assertArrayEquals(new double[] {1, 2}, state.doublesOf("a/b/x"));
        DMatrixRMaj into = new DMatrixRMaj(2, 2);
        sample().reader().under("block-1").matrix("weight", into);
        assertArrayEquals(new double[] {1, 2, 3, 4}, into.data);
    }

    @Test
    void aStateThatDoesNotFitIsRefusedByName() {
        StateArrays state = sample();
        assertTrue(assertThrows(InvalidInputException.class, () -> state.reader().doubles("block-2/weight",
                new double[4])).getMessage().contains("has no 'block-2/weight'"));
        assertTrue(assertThrows(InvalidInputException.class, () -> state.reader().doubles("block-1/weight",
                new double[6])).getMessage().contains("holds 4 values, this run has 6"));
        assertTrue(assertThrows(InvalidInputException.class, () -> state.reader().doubles("steps",
                new double[1])).getMessage().contains("holds counters"));
        assertThrows(IllegalStateException.class, () -> state.writer().longs("steps", new long[1]),
                "a name exported twice is a bug");
    }

    @Test
    void anArrayLeftUnreadIsAStateOfSomethingLarger() {
        StateArrays state = sample();
        state.reader().doubles("block-1/weight", new double[4]);
        InvalidInputException e = assertThrows(InvalidInputException.class, state::requireAllRead);
        assertTrue(e.getMessage().contains("has 'steps', which this run does not have"), e.getMessage());
        state.reader().longs("steps", new long[1]);
        state.requireAllRead();
    }

    @Test
    void sameBitsTellsSignedZerosAndNaNPayloadsApart() {
        StateArrays a = new StateArrays();
        a.writer().doubles("x", new double[] {0.0, Double.NaN});
        StateArrays b = new StateArrays();
        b.writer().doubles("x", new double[] {-0.0, Double.NaN});
        StateArrays c = new StateArrays();
        c.writer().doubles("x", new double[] {0.0, Double.NaN});
        assertFalse(a.sameBits(b));
        assertTrue(a.sameBits(c));
        StateArrays d = new StateArrays();
        d.writer().doubles("x", new double[] {0.0, Double.longBitsToDouble(0x7ff8000000000001L)});
        assertFalse(a.sameBits(d));
    }
}
