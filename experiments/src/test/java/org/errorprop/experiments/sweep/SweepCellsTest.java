package org.errorprop.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.methods.MethodCatalog;
import org.junit.jupiter.api.Test;

class SweepCellsTest {
    private static final MethodCatalog CATALOG = MethodCatalog.standard();

    private static List<SweepCell> resolve(String yaml) {
        return SweepCells.resolve(CATALOG, SweepSpec.parse(yaml, "test.yaml"), "test.yaml");
    }

    private static String mistake(String yaml) {
        return assertThrows(InvalidInputException.class, () -> resolve(yaml)).getMessage();
    }

    @Test
    void everyGridPointIsACellSortedById() {
        List<SweepCell> cells = resolve("base: {epochs: 2, hidden: [16]}\n"
                + "grid: {method: [backprop, dfa, csg], seed: [1, 2], learning_rate: [0.001, 0.003]}");
        assertEquals(12, cells.size());
        List<String> ids = cells.stream().map(SweepCell::id).toList();
        assertEquals(ids.stream().sorted().toList(), ids);
        assertEquals(12, ids.stream().distinct().count());
        for (SweepCell cell : cells) {
            assertEquals(2, cell.spec().epochs());
            assertEquals(List.of(16), cell.spec().hiddenWidths());
            assertTrue(cell.id().startsWith(cell.spec().method() + "-seed" + cell.spec().seed() + "-"), cell.id());
            assertEquals(cell.values().get("learning_rate"), cell.spec().learningRate());
            assertEquals(List.of("method", "learning_rate"), List.copyOf(cell.setting().keySet()));
        }
    }

    /**
     * The id depends on the resolved settings alone: the order of the grid's keys and values does not change it,
     * and it is pinned here, so that a change to the canonical spec YAML (which renames every cell of an existing
     * sweep directory) is noticed. The value is that of experiments/sweeps/example.yaml's first cell. (It changed
     * from backprop-seed1-9442191674 when every spec gained the key matmul_precision, issue #13.)
     */
    @Test
    void idsDependOnTheSettingsAloneAndAreStable() {
        List<String> a = resolve("base: {epochs: 2, hidden: [64], probe_every: 0}\n"
                + "grid: {method: [backprop, dfa, csg], seed: [1, 2], learning_rate: [0.001, 0.003]}")
                .stream().map(SweepCell::id).toList();
        List<String> b = resolve("base: {probe_every: 0, hidden: [64], epochs: 2}\n"
                + "grid: {learning_rate: [0.003, 0.001], seed: [2, 1], method: [csg, dfa, backprop]}")
                .stream().map(SweepCell::id).toList();
        assertEquals(a, b);
        assertEquals("backprop-seed1-bb5dfb880e", a.get(0));
        List<String> otherEpochs = resolve("base: {epochs: 3, hidden: [64], probe_every: 0}\n"
                + "grid: {method: [backprop, dfa, csg], seed: [1, 2], learning_rate: [0.001, 0.003]}")
                .stream().map(SweepCell::id).toList();
        assertFalse(otherEpochs.stream().anyMatch(a::contains), "any setting changes every id");
    }

    @Test
    void aRuleOptionGoesToTheCellsWhoseRuleTakesIt() {
        List<SweepCell> cells = resolve("grid: {method: [backprop, dfa], feedback_scale: [0.5, 2.0]}");
        assertEquals(3, cells.size(), "backprop takes no feedback_scale: one backprop cell");
        SweepCell backprop = cells.get(0);
        assertEquals("backprop", backprop.spec().method());
        assertFalse(backprop.values().containsKey("feedback_scale"));
        List<Object> scales = cells.subList(1, 3).stream().map(c -> c.spec().rule().optionValues().get("feedback_scale"))
                .toList();
        assertEquals(List.of(0.5, 2.0), scales.stream().sorted().toList());
        assertEquals(Map.of("method", "dfa", "feedback_scale", cells.get(1).values().get("feedback_scale")),
                cells.get(1).setting());
        assertEquals(resolve("base: {feedback_scale: 0.5}\ngrid: {method: [backprop, dfa]}").get(1).id(),
                resolve("grid: {method: [dfa], feedback_scale: [0.5]}").get(0).id(), "base or grid, same cell");
    }

    @Test
    void everyMistakeIsFoundBeforeAnythingRunsAndNamesItsKey() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("grid: {method: [backprop, csg], feedback_scale: [0.5]}", "'feedback_scale'"),
                Map.entry("base: {feedback_scale: 0.5}\ngrid: {method: [backprop]}", "'feedback_scale'"),
                Map.entry("grid: {no_such_key: [1]}", "'no_such_key'"),
                Map.entry("grid: {learning_rate: [0.001, fast]}", "'learning_rate' must be a number"),
                Map.entry("grid: {learning_rate: [0.001, 1e-3]}", "lists 0.001 twice"),
                Map.entry("grid: {seed: [1, 2.5]}", "'seed' (--seed) must be an integer"),
                Map.entry("grid: {method: [backprop, nope]}", "nope"),
                Map.entry("grid: {hidden: [16, 32]}", "'hidden'"),
                Map.entry("grid: {learning_rate: [1, 1.0]}", "grid key 'learning_rate' lists 1 and 1.0"),
                Map.entry("grid: {seed: [1, 1]}", "grid key 'seed' lists 1 twice"),
                Map.entry("grid: {seed: []}", "grid key 'seed' lists no value"),
                Map.entry("grid: {seed: 1}", "grid key 'seed' must list its values"),
                Map.entry("base: {seed: 1}\ngrid: {seed: [1, 2]}", "'seed' is in both"),
                Map.entry("base: {epochs: 1}", "has no 'grid'"),
                Map.entry("grid: {}", "'grid' sweeps no key"),
                Map.entry("grid: {seed: [1]}\nextra: 1", "unknown key 'extra'"),
                Map.entry("grid: {seed: [1]}\ngrid: {seed: [2]}", "grid"),
                Map.entry("base: [1]\ngrid: {seed: [1]}", "'base' must be a mapping"),
                Map.entry("- just a list", "must be a mapping with 'base' and 'grid'"),
                Map.entry("grid: {seed: [1}", "not valid YAML"));
        cases.forEach((yaml, expected) -> {
            String message = mistake(yaml);
            assertTrue(message.contains(expected), yaml + " -> " + message);
            assertTrue(message.contains("test.yaml"), message);
            assertFalse(message.contains("\n"), message);
        });
    }

    @Test
    void theSameSettingsGiveTheSameIdAndOtherSettingsAnother() {
        RunSpec reference = RunSpec.reference();
        assertEquals(CellId.of(reference), CellId.of(RunSpec.reference()));
        assertNotEquals(CellId.of(reference), CellId.of(reference.withEpochs(11)));
        assertEquals("backprop-seed1-", CellId.of(reference).substring(0, 15));
        assertEquals(15 + CellId.HEX_DIGITS, CellId.of(reference).length());
    }

    @Test
    void everyCommittedSweepResolvesAndTheUpdateFrequencySweepRunsPipelined() throws Exception {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("..", "experiments", "sweeps"))) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                assertFalse(resolve(java.nio.file.Files.readString(file)).isEmpty(), file.toString());
            }
        }
        List<SweepCell> cells = resolve(java.nio.file.Files.readString(
                java.nio.file.Path.of("..", "experiments", "sweeps", "update-frequency.yaml")));
        assertEquals(12, cells.size());
        for (SweepCell cell : cells) {
            assertTrue(cell.spec().schedule().pipelined(), cell.id());
        }
        assertEquals(List.of(0.05, 0.2, 0.5, 1.0), cells.stream().map(c -> c.spec().schedule().updateProbability())
                .distinct().sorted().toList());
    }
}
