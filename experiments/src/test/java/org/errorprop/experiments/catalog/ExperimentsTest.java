package org.errorprop.experiments.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.errorprop.experiments.reproduce.Experiment;
import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;

/** What a {@code reproduce} name selects: one experiment, several in the catalog's order, or all. */
class ExperimentsTest {

    private static List<String> names(String name) {
        return Experiments.named(name).stream().map(Experiment::name).toList();
    }

    @Test
    void oneNameSelectsOneExperiment() {
        assertEquals(List.of("fig3"), names("fig3"));
    }

    @Test
    void severalNamesRunInTheOrderOfAllWhateverOrderTheyAreGivenIn() {
        assertEquals(List.of("fig3", "fig5", "supp8"), names("supp8, fig3,fig5"));
    }

    @Test
    void allSelectsEveryExperiment() {
        assertEquals(Experiments.names(), names("all"));
    }

    @Test
    void unknownEmptyAndRepeatedNamesAreRefusedWithTheKnownOnes() {
        InvalidInputException unknown = assertThrows(InvalidInputException.class, () -> names("fig3,fig99"));
        assertTrue(unknown.getMessage().contains("unknown experiment 'fig99'")
                && unknown.getMessage().contains("supp9"), unknown.getMessage());
        assertThrows(InvalidInputException.class, () -> names("fig3,"));
        InvalidInputException twice = assertThrows(InvalidInputException.class, () -> names("fig3,fig3"));
        assertTrue(twice.getMessage().contains("named twice"), twice.getMessage());
    }
}
