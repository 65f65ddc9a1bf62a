package org.errorprop.experiments.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;

class ShardTest {
    private static final RunSpec SPEC = RunSpec.reference();

    private static List<SweepCell> cells(int n) {
        return IntStream.range(0, n).mapToObj(i -> new SweepCell(String.format("c%04d", i), Map.of(), SPEC)).toList();
    }

    /** Whether the parts of {@code cells} cover every cell once and differ in size by at most one. */
    private static String partitionProblem(List<SweepCell> cells, List<List<SweepCell>> parts) {
        Set<String> seen = new HashSet<>();
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (List<SweepCell> part : parts) {
            for (SweepCell cell : part) {
                if (!seen.add(cell.id())) {
                    return cell.id() + " in two parts";
                }
            }
            smallest = Math.min(smallest, part.size());
            largest = Math.max(largest, part.size());
        }
        if (seen.size() != cells.size()) {
            return (cells.size() - seen.size()) + " cells in no part";
        }
        return largest - smallest > 1 ? "sizes from " + smallest + " to " + largest : null;
    }

    private static List<List<SweepCell>> split(List<SweepCell> cells, int n,
                                               BiFunction<Integer, Integer, List<SweepCell>> part) {
        List<List<SweepCell>> parts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            parts.add(part.apply(i, n));
        }
        return parts;
    }

    @Test
    void theShardsPartitionTheCellsIntoPartsThatDifferByAtMostOne() {
        qt().withFixedSeed(12).withExamples(300).forAll(integers().between(0, 60), integers().between(1, 12))
                .checkAssert((n, count) -> {
                    List<SweepCell> cells = cells(n);
                    assertEquals(null, partitionProblem(cells,
                            split(cells, count, (i, c) -> new Shard(i, c).select(cells))), n + " cells, " + count);
                });
    }

    /** The test of the test: contiguous blocks of ceil(n/N) cells cover every cell but are not balanced. */
    @Test
    void theCheckCatchesAnUnbalancedOrOverlappingSplit() {
        List<SweepCell> cells = cells(10);
        String blocks = partitionProblem(cells, split(cells, 4,
                (i, c) -> cells.subList(Math.min(10, i * 3), Math.min(10, i * 3 + 3))));
        assertEquals("sizes from 1 to 3", blocks);
        assertTrue(partitionProblem(cells, List.of(cells, cells.subList(0, 1))).contains("two parts"));
        assertTrue(partitionProblem(cells, List.of(cells.subList(0, 5), cells.subList(6, 10))).contains("in no part"));
    }

    @Test
    void aShardIsTheSameWhicheverProcessAsks() {
        List<SweepCell> cells = cells(12);
        assertEquals(List.of("c0001", "c0005", "c0009"),
                Shard.parse("1/4").select(cells).stream().map(SweepCell::id).toList());
        assertEquals(cells, Shard.WHOLE.select(cells));
    }

    @Test
    void aBadShardIsAUsersMistake() {
        for (String bad : List.of("4/4", "-1/4", "0/0", "1", "a/b", "1/", "/3")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> Shard.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("--shard must be I/N"), e.getMessage());
        }
        assertFalse(Shard.parse(" 3 / 4 ").toString().isEmpty());
    }
}
