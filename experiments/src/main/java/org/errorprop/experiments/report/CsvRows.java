package org.errorprop.experiments.report;

import java.util.ArrayList;
import java.util.List;
import org.errorprop.framework.InvalidInputException;

/** Reads the CSV {@link CsvTable} writes (RFC 4180: quoted cells may hold commas, doubled quotes and line breaks). */
public final class CsvRows {
    private CsvRows() {
    }

    /** The rows of {@code text}, header first; {@code shown} names the file in the one-line error for a broken quote. */
    public static List<List<String>> parse(String text, String shown) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean cellStarted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.length() == 0) {
                quoted = true;
                cellStarted = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
                cellStarted = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(cell.toString());
                rows.add(List.copyOf(row));
                row.clear();
                cell.setLength(0);
                cellStarted = false;
            } else {
                cell.append(c);
                cellStarted = true;
            }
        }
        if (quoted) {
            throw new InvalidInputException(shown + " ends inside a quoted cell: not a CSV file errorprop wrote");
        }
        if (cellStarted || cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(List.copyOf(row));
        }
        return rows;
    }
}
