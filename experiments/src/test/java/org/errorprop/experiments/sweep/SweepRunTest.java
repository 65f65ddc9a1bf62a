package org.errorprop.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.errorprop.experiments.run.OutputDirectory;
import org.errorprop.experiments.run.OutputKind;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.training.DivergenceException;
import org.errorprop.methods.MethodCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's bookkeeping with runners that train nothing: skips, reruns, failures, divergence, locks. */
class SweepRunTest {
    private static final MethodCatalog CATALOG = MethodCatalog.standard();
    private static final SweepSpec SPEC = SweepSpec.parse("grid: {method: [backprop, dfa], seed: [1, 2, 3]}", "t.yaml");
    private static final List<SweepCell> CELLS = SweepCells.resolve(CATALOG, SPEC, "t.yaml");

    @TempDir
    Path temp;

    /** Counts the runs of each cell and writes one file; fails or diverges on the cells it is told to. */
    private static final class ScriptedRunner implements CellRunner {
        final Map<String, Integer> runs = new ConcurrentHashMap<>();
        final List<String> failOn;
        final List<String> divergeOn;

        ScriptedRunner(List<String> failOn, List<String> divergeOn) {
            this.failOn = failOn;
            this.divergeOn = divergeOn;
        }

        @Override
        public CellStatus run(SweepCell cell, OutputDirectory directory) {
            runs.merge(cell.id(), 1, Integer::sum);
            directory.writeText("spec.yaml", cell.id());
            if (failOn.contains(cell.id())) {
                throw new IllegalStateException("scripted failure");
            }
            if (divergeOn.contains(cell.id())) {
                throw new DivergenceException("the loss became NaN in epoch 1, step 3");
            }
            return CellStatus.COMPLETE;
        }
    }

    private static List<String> ids(List<SweepCell> cells) {
        return cells.stream().map(SweepCell::id).toList();
    }

    private static SweepProgress recording(List<String> lines) {
        return new SweepProgress() {
            @Override
            public void started(SweepCell cell, SweepCounts counts) {
            }

            @Override
            public void finished(SweepCell cell, CellOutcome outcome, String detail, SweepCounts counts) {
                lines.add(cell.id() + " " + outcome + " " + counts.done() + "/" + counts.total());
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void aFailedCellIsRedoneAndEveryOtherCellRunsExactlyOnceOverReruns() throws IOException {
        SweepDirectory directory = SweepDirectory.openOrCreate(temp.resolve("s"), SPEC, CELLS, CATALOG);
        String failing = CELLS.get(1).id();
        String diverging = CELLS.get(4).id();
        ScriptedRunner first = new ScriptedRunner(List.of(failing), List.of(diverging));
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        SweepCounts counts = SweepRun.run(directory, CELLS, 3, first, recording(lines));
        assertEquals(new SweepCounts(6, 0, 4, 1, 1, 0, 0), counts);
        assertEquals(1, counts.exitCode(), "a failed cell: not finished");
        assertEquals(6, lines.size());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(failing + " FAILED ")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(diverging + " DIVERGED ")), lines.toString());
        assertTrue(lines.get(5).endsWith(" 6/6"), "the last report counts every cell: " + lines);
        assertFalse(Files.exists(directory.cell(failing)), "a failed cell leaves no directory");
        assertTrue(Files.readString(directory.root().resolve("failed").resolve(failing + ".log"))
                .contains("scripted failure"));
        assertEquals(CellStatus.DIVERGED, CellStatus.of(directory.cell(diverging)));
        assertTrue(Files.readString(directory.cell(diverging).resolve(CellStatus.FILE)).contains("NaN in epoch 1"));

        ScriptedRunner second = new ScriptedRunner(List.of(), List.of());
        SweepCounts again = SweepRun.run(SweepDirectory.openOrCreate(temp.resolve("s"), SPEC, CELLS, CATALOG), CELLS,
                2, second, recording(new ArrayList<>()));
        assertEquals(Map.of(failing, 1), second.runs, "only the failed cell runs again");
        assertEquals(new SweepCounts(6, 0, 5, 1, 0, 0, 5), again);
        assertEquals(3, again.exitCode(), "every cell finished, one diverged");
        assertFalse(Files.exists(directory.root().resolve("failed").resolve(failing + ".log")));
        for (String id : ids(CELLS)) {
            int runs = first.runs.getOrDefault(id, 0) + second.runs.getOrDefault(id, 0);
            assertEquals(id.equals(failing) ? 2 : 1, runs, id);
        }
        assertEquals(ids(CELLS), directory.finishedCells());
    }

    @Test
    void aCellWhoseLockAnotherProcessHoldsIsLeftToIt() {
        SweepDirectory directory = SweepDirectory.openOrCreate(temp.resolve("s"), SPEC, CELLS, CATALOG);
        String busy = CELLS.get(2).id();
        ScriptedRunner runner = new ScriptedRunner(List.of(), List.of());
        SweepCounts counts;
        try (OutputDirectory other = OutputDirectory.create(directory.cell(busy), OutputKind.RUN)) {
            counts = SweepRun.run(directory, CELLS, 1, runner, recording(new ArrayList<>()));
        }
        assertEquals(new SweepCounts(6, 0, 5, 0, 0, 1, 0), counts);
        assertEquals(1, counts.exitCode());
        assertFalse(runner.runs.containsKey(busy), "never run while another holds it");
        assertEquals(Map.of(busy, 1), rerun(directory).runs);
    }

    @Test
    void aCellFinishedByAnotherProcessIsSkipped() {
        SweepDirectory directory = SweepDirectory.openOrCreate(temp.resolve("s"), SPEC, CELLS, CATALOG);
        String done = CELLS.get(0).id();
        try (OutputDirectory other = OutputDirectory.create(directory.cell(done), OutputKind.RUN)) {
            other.writeText("spec.yaml", "elsewhere");
            other.commit();
        }
        ScriptedRunner runner = rerun(directory);
        assertEquals(5, runner.runs.size());
        assertFalse(runner.runs.containsKey(done));
    }

    private static ScriptedRunner rerun(SweepDirectory directory) {
        ScriptedRunner runner = new ScriptedRunner(List.of(), List.of());
        SweepRun.run(directory, CELLS, 2, runner, recording(new ArrayList<>()));
        return runner;
    }

    @Test
    void anotherSweepOrAnotherKindOfDirectoryIsRefusedUntouched() throws IOException {
        Path dir = temp.resolve("s");
        SweepDirectory.openOrCreate(dir, SPEC, CELLS, CATALOG);
        SweepSpec other = SweepSpec.parse("grid: {method: [backprop, dfa], seed: [1, 2]}", "u.yaml");
        String message = assertThrows(InvalidInputException.class, () -> SweepDirectory.openOrCreate(dir, other,
                SweepCells.resolve(CATALOG, other, "u.yaml"), CATALOG)).getMessage();
        assertTrue(message.contains("holds another sweep"), message);
        assertEquals(SPEC.text(), Files.readString(dir.resolve(SweepSpec.FILE)));

        SweepSpec sameCells = SweepSpec.parse("# a comment\ngrid: {seed: [3, 2, 1], method: [dfa, backprop]}", "v.yaml");
        assertEquals(SPEC.text(), SweepDirectory.openOrCreate(dir, sameCells,
                SweepCells.resolve(CATALOG, sameCells, "v.yaml"), CATALOG).spec().text(), "the same cells: reused");

        Path mine = Files.createDirectories(temp.resolve("thesis"));
        Files.writeString(mine.resolve("thesis.tex"), "keep");
        message = assertThrows(InvalidInputException.class,
                () -> SweepDirectory.openOrCreate(mine, SPEC, CELLS, CATALOG)).getMessage();
        assertTrue(message.contains("not a sweep directory"), message);
        try (var entries = Files.list(mine)) {
            assertEquals(List.of(mine.resolve("thesis.tex")), entries.toList());
        }
    }
}
