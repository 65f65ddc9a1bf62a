package org.errorprop.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainedNetworkBarTest {

    @Test
    void theBarsAreIssue14s() {
        assertEquals(0.85, TrainedNetworkBar.forScale(Scale.QUICK).minimumTestAccuracy());
        assertEquals(0.90, TrainedNetworkBar.forScale(Scale.FULL).minimumTestAccuracy());
    }

    @Test
    void aNetworkBelowTheBarOrDivergedDidNotTrain() {
        TrainedNetworkBar quick = TrainedNetworkBar.forScale(Scale.QUICK);
        assertTrue(quick.trained(0.85));
        assertFalse(quick.trained(0.8499));
        assertFalse(quick.trained(Double.NaN));
        assertFalse(quick.trained(0.10), "chance level: an untrained network");
    }

    @Test
    void theNoteNamesEveryNetworkThatDidNotTrainAndIsEmptyWhenAllDid() {
        TrainedNetworkBar full = TrainedNetworkBar.forScale(Scale.FULL);
        Map<String, Double> lowest = new LinkedHashMap<>();
        lowest.put("backprop", 0.97);
        assertEquals("", full.verdictNote(lowest));
        assertTrue(full.allTrained(lowest));
        lowest.put("SG everywhere", 0.348);
        lowest.put("DFA", 0.12);
        assertEquals("; not counted: SG everywhere reached 34.8% < 90%, DFA reached 12.0% < 90%",
                full.verdictNote(lowest));
        assertFalse(full.allTrained(lowest));
        assertEquals("counted only if every run of the networks read reached test accuracy >= 90%", full.clause());
    }

    @Test
    void refusesABarOutsideTheUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> new TrainedNetworkBar(Scale.QUICK, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new TrainedNetworkBar(Scale.QUICK, Double.NaN));
    }
}
