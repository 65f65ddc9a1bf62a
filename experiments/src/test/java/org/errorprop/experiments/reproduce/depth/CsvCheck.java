package org.errorprop.experiments.reproduce.depth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Reads a written CSV back for the smoke tests. */
final class CsvCheck {
    private CsvCheck() {
    }

    /**
     * The number of data rows; asserts every row has the header's number of cells and that the cells
     * from column {@code firstNumeric} on that parse as numbers are finite (booleans are allowed).
     */
    static int finiteRows(Path file, int firstNumeric) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int columns = lines.get(0).split(",").length;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertEquals(columns, cells.length, file + ": " + line);
            for (int c = firstNumeric; c < cells.length; c++) {
                if (cells[c].equals("true") || cells[c].equals("false")) {
                    continue;
                }
                assertTrue(Double.isFinite(Double.parseDouble(cells[c])), file + ": " + line);
            }
        }
        return lines.size() - 1;
    }
}
