package org.errorprop.methods;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.methods.synthetic.SyntheticGradientOptions;
import org.junit.jupiter.api.Test;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which hidden boundaries each placement selects, how it reads and writes itself, and what it refuses. */
class SgPlacementTest {

    private static List<Integer> selected(SgPlacement placement, int count) {
        List<Integer> chosen = new ArrayList<>();
        for (int k = 1; k <= count; k++) {
            if (placement.includes(k, count)) {
                chosen.add(k);
            }
        }
        return chosen;
    }

    @Test
    void theDefaultIsTheLastHiddenBoundaryOnly() {
        assertEquals(SgPlacement.LAST_HIDDEN, SyntheticGradientOptions.DEFAULTS.placement());
        assertEquals(List.of(3), selected(SgPlacement.LAST_HIDDEN, 3));
        assertEquals(List.of(1), selected(SgPlacement.LAST_HIDDEN, 1));
        assertEquals(List.of(1, 2, 3), selected(SgPlacement.ALL, 3));
        assertEquals(List.of(1, 3), selected(SgPlacement.at(List.of(3, 1, 3)), 3));
    }

    @Test
    void eachPlacementReadsBackWhatItWrites() {
        for (String text : List.of("last", "all", "1", "1,2", "2,3")) {
            assertEquals(text, SgPlacement.parse(text).text());
        }
        assertEquals(SgPlacement.LAST_HIDDEN, SgPlacement.parse(" last "));
        assertEquals(SgPlacement.ALL, SgPlacement.parse("all"));
        assertEquals(List.of(1, 2), SgPlacement.parse("2, 1").boundaries());
        assertEquals(SgPlacement.Mode.LISTED, SgPlacement.parse("2").mode());
    }

    @Test
    void boundariesOutsideTheNetworkAndUnreadableTextAreUserErrors() {
        assertThrows(InvalidInputException.class, () -> SgPlacement.at(List.of()));
        assertThrows(InvalidInputException.class, () -> SgPlacement.parse("first"));
        assertThrows(InvalidInputException.class, () -> SgPlacement.at(List.of(0)).includes(1, 3));
        assertThrows(InvalidInputException.class, () -> SgPlacement.at(List.of(4)).includes(1, 3));
        assertEquals(List.of(3), selected(SgPlacement.at(List.of(3)), 3), "the last boundary itself is allowed");
        assertEquals(List.of(1), selected(SgPlacement.at(List.of(1)), 3), "and so is the first");
    }
}
