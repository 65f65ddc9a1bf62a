package org.errorprop.experiments.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV table built row by row: numbers written with {@link Double#toString} (locale-independent and
 * exact on reading back), text quoted when it holds a comma, quote, line feed or carriage return.
 */
public final class CsvTable {
    private final List<String> header;
    private final List<String> lines = new ArrayList<>();

    public CsvTable(String... header) {
        this.header = List.of(header);
    }

    /** Appends a row; its values are numbers, booleans or text, one per column. */
    public CsvTable add(Object... values) {
        if (values.length != header.size()) {
            throw new IllegalArgumentException(values.length + " values for columns " + header);
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(cell(values[i]));
        }
        lines.add(line.toString());
        return this;
    }

    public int rows() {
        return lines.size();
    }

    public String text() {
        StringBuilder out = new StringBuilder(String.join(",", header)).append('\n');
        for (String line : lines) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    public void write(Path file) {
        try {
            Files.writeString(file, text(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String cell(Object value) {
        if (value instanceof Double d) {
            return Double.toString(d);
        }
        if (value instanceof Float f) {
            return Double.toString(f.doubleValue());
        }
        String text = String.valueOf(value);
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
