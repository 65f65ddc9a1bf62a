package org.errorprop.experiments.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.errorprop.experiments.run.MetricsCsv;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.training.EpochMetrics;

/** A finished cell's {@code metrics.csv} read back: one {@link EpochMetrics} per epoch it finished (none if absent). */
final class CellMetrics {
    private static final List<String> COLUMNS = Arrays.asList(MetricsCsv.HEADER.split(","));

    private CellMetrics() {
    }

    static List<EpochMetrics> read(Path run) {
        Path file = run.resolve("metrics.csv");
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new InvalidInputException(file + " is empty");
        }
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int[] at = new int[COLUMNS.size()];
        for (int c = 0; c < at.length; c++) {
            at[c] = header.indexOf(COLUMNS.get(c));
            if (at[c] < 0) {
                throw new InvalidInputException(file + " has no column " + COLUMNS.get(c));
            }
        }
        List<EpochMetrics> history = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            try {
                history.add(new EpochMetrics(Integer.parseInt(cells[at[0]]), Double.parseDouble(cells[at[1]]),
                        Double.parseDouble(cells[at[2]]), Double.parseDouble(cells[at[3]]),
                        Double.parseDouble(cells[at[4]]), Double.parseDouble(cells[at[5]])));
            } catch (RuntimeException e) {
                throw new InvalidInputException(file + " has a damaged row: " + line, e);
            }
        }
        return history;
    }
}
