package org.errorprop.experiments.report;

import java.util.ArrayList;
import java.util.List;

/** A GitHub-flavoured Markdown table built row by row; pipes in cells are escaped. */
public final class MarkdownTable {
    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    public MarkdownTable add(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException(cells.length + " cells for columns " + header);
        }
        rows.add(List.of(cells));
        return this;
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        line(out, header);
        out.append('|');
        for (int i = 0; i < header.size(); i++) {
            out.append("---|");
        }
        out.append('\n');
        for (List<String> row : rows) {
            line(out, row);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        out.append('|');
        for (String cell : cells) {
            out.append(' ').append(cell.replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        out.append('\n');
    }
}
