package org.errorprop.experiments.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.training.EpochMetrics;
import org.errorprop.methods.MethodCatalog;

/**
 * One sweep's results gathered from its directories (the shards' or one), checked complete: every directory holds
 * the same sweep (its spec copy gives the same cells), and every cell is present exactly once.
 *
 * @param spec    the sweep spec (the first directory's copy)
 * @param sources the directories, as given
 * @param cells   every cell's results, sorted by id
 */
public record SweepResults(SweepSpec spec, List<String> sources, List<CellResult> cells) {
    private static final int NAMED_IN_A_LINE = 6;

    /**
     * One cell's results.
     *
     * @param cell    the cell
     * @param status  how its run ended
     * @param history the epochs it finished
     */
    public record CellResult(SweepCell cell, CellStatus status, List<EpochMetrics> history) {
        public CellResult {
            history = List.copyOf(history);
        }

        /** The last epoch finished, or null if none. */
        public EpochMetrics last() {
            return history.isEmpty() ? null : history.get(history.size() - 1);
        }

        /** Training time summed over the epochs finished. */
        public double seconds() {
            return history.stream().mapToDouble(EpochMetrics::seconds).sum();
        }
    }

    public SweepResults {
        sources = List.copyOf(sources);
        cells = List.copyOf(cells);
    }

    /** Gathers the sweep in {@code dirs}; a missing cell, a cell found twice or another sweep is refused. */
    public static SweepResults gather(MethodCatalog catalog, List<Path> dirs) {
        if (dirs.isEmpty()) {
            throw new InvalidInputException("give at least one sweep directory to merge");
        }
        List<SweepDirectory> directories = new ArrayList<>();
        Map<Path, Path> seen = new HashMap<>();
        for (Path dir : dirs) {
            SweepDirectory directory = SweepDirectory.existing(dir, catalog);
            Path real;
            try {
                real = directory.root().toRealPath();
            } catch (IOException e) {
                throw new InvalidInputException("cannot read sweep directory " + dir + ": " + e.getMessage(), e);
            }
            Path before = seen.putIfAbsent(real, dir);
            if (before != null) {
                throw new InvalidInputException("sweep directory " + dir + " is given twice (also as " + before + ")");
            }
            if (!directories.isEmpty() && !ids(directories.get(0).cells()).equals(ids(directory.cells()))) {
                throw new InvalidInputException(dir + " holds another sweep than " + directories.get(0).shown()
                        + " (their " + SweepSpec.FILE + " give other cells); merge the shards of one sweep");
            }
            directories.add(directory);
        }
        SweepDirectory first = directories.get(0);
        Map<String, List<SweepDirectory>> found = new TreeMap<>();
        for (SweepDirectory directory : directories) {
            for (String id : directory.finishedCells()) {
                found.computeIfAbsent(id, k -> new ArrayList<>()).add(directory);
            }
        }
        List<String> twice = new ArrayList<>();
        List<String> foreign = new ArrayList<>();
        List<String> expected = ids(first.cells());
        found.forEach((id, where) -> {
            if (!expected.contains(id)) {
                foreign.add(id + " (in " + where.get(0).shown() + ")");
            } else if (where.size() > 1) {
                twice.add(id + " (in " + String.join(", ", where.stream().map(d -> d.shown().toString()).toList())
                        + ")");
            }
        });
        if (!foreign.isEmpty()) {
            throw new InvalidInputException(foreign.size() + " cell directories are not cells of this sweep: "
                    + named(foreign));
        }
        if (!twice.isEmpty()) {
            throw new InvalidInputException(twice.size() + " cells are present more than once: " + named(twice)
                    + "; merge each cell once");
        }
        List<String> missing = expected.stream().filter(id -> !found.containsKey(id)).toList();
        if (!missing.isEmpty()) {
            throw new InvalidInputException(missing.size() + " of " + expected.size() + " cells are missing: "
                    + named(missing) + "; rerun the sweep (or the lost shard) on its directory, then merge again");
        }
        List<CellResult> rows = new ArrayList<>();
        for (SweepCell cell : first.cells()) {
            Path run = found.get(cell.id()).get(0).cell(cell.id());
            rows.add(new CellResult(cell, CellStatus.of(run), CellMetrics.read(run)));
        }
        return new SweepResults(first.spec(), dirs.stream().map(Path::toString).toList(), rows);
    }

    /** The cells that diverged. */
    public int diverged() {
        return (int) cells.stream().filter(c -> c.status() == CellStatus.DIVERGED).count();
    }

    private static String named(List<String> items) {
        List<String> shown = items.subList(0, Math.min(items.size(), NAMED_IN_A_LINE));
        return String.join(", ", shown) + (items.size() > shown.size() ? " and " + (items.size() - shown.size())
                + " more" : "");
    }

    private static List<String> ids(List<SweepCell> cells) {
        return cells.stream().map(SweepCell::id).toList();
    }
}
