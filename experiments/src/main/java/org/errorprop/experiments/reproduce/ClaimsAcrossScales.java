package org.errorprop.experiments.reproduce;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.errorprop.experiments.report.CsvRows;
import org.errorprop.experiments.report.MarkdownTable;
import org.errorprop.framework.InvalidInputException;

/**
 * Every claim of the paper with its verdict at each scale, read from the {@code claims.csv} of a quick and a full
 * reproduction: the table {@code paper-notes/README.md} shows (paper, quick, full, held). A claim counts as held when
 * it holds at full scale under a registered criterion; while the full run is missing, the quick verdict stands in
 * and the cell says so. A full-scale rerun of some experiments (with settings changed after the full run, which its
 * report says) gets a column of its own and a second "held" column; it never replaces the full run's verdict.
 */
public final class ClaimsAcrossScales {
    static final List<String> HEADER = List.of("experiment", "finding", "paper", "criterion", "ours", "holds",
            "registration");

    /** One scale's verdict on a claim. */
    record Verdict(String ours, boolean holds, String registration) {
        boolean counts() {
            return registration.equals("registered") || registration.equals("changed_after_a_run");
        }

        String cell() {
            String verdict = !counts() ? "not counted (" + registration.replace('_', ' ') + ")" : holds ? "yes" : "**no**";
            return ours + " — " + verdict;
        }
    }

    /**
     * A claim by experiment and finding, with the paper's figure and each scale's verdict when that scale ran it,
     * and the verdict of a full-scale rerun when one ran it.
     */
    record Row(String experiment, String finding, String paper, Optional<Verdict> quick, Optional<Verdict> full,
               Optional<Verdict> rerun) {
        String held() {
            if (full.isPresent()) {
                return full.get().counts() && full.get().holds() ? "yes" : "no";
            }
            return quick.map(q -> (q.counts() && q.holds() ? "yes" : "no") + " (quick only; full not run)")
                    .orElse("not run");
        }

        /** The rerun's verdict where the rerun ran this claim, the full run's ({@link #held()}) elsewhere. */
        String heldWithRerun() {
            return rerun.map(r -> r.counts() && r.holds() ? "yes (rerun)" : "no (rerun)").orElse(held());
        }

        Row with(Kind kind, Verdict verdict) {
            return switch (kind) {
                case QUICK -> new Row(experiment, finding, paper, Optional.of(verdict), full, rerun);
                case FULL -> new Row(experiment, finding, paper, quick, Optional.of(verdict), rerun);
                case RERUN -> new Row(experiment, finding, paper, quick, full, Optional.of(verdict));
            };
        }
    }

    /** Which reproduction a claims.csv comes from. */
    private enum Kind { QUICK, FULL, RERUN }

    private final List<Row> rows;

    private ClaimsAcrossScales(List<Row> rows) {
        this.rows = List.copyOf(rows);
    }

    /** Reads {@code claims.csv} from each directory given (either may be absent, not both). */
    public static ClaimsAcrossScales read(Optional<Path> quickDirectory, Optional<Path> fullDirectory) {
        return read(quickDirectory, fullDirectory, Optional.empty());
    }

    /**
     * Reads {@code claims.csv} from each directory given: a quick and a full reproduction (either may be absent, not
     * both) and a full-scale rerun of some experiments (only beside a full reproduction).
     */
    public static ClaimsAcrossScales read(Optional<Path> quickDirectory, Optional<Path> fullDirectory,
                                          Optional<Path> rerunDirectory) {
        if (quickDirectory.isEmpty() && fullDirectory.isEmpty()) {
            throw new InvalidInputException("give a quick reproduction, a full one, or both (--quick DIR, --full DIR)");
        }
        if (rerunDirectory.isPresent() && fullDirectory.isEmpty()) {
            throw new InvalidInputException("a rerun (--full-rerun DIR) is read beside the full reproduction it "
                    + "reruns part of: give --full DIR too");
        }
        Map<String, Row> byClaim = new LinkedHashMap<>();
        quickDirectory.ifPresent(dir -> merge(byClaim, readClaims(dir), Kind.QUICK));
        fullDirectory.ifPresent(dir -> merge(byClaim, readClaims(dir), Kind.FULL));
        rerunDirectory.ifPresent(dir -> merge(byClaim, readClaims(dir), Kind.RERUN));
        return new ClaimsAcrossScales(new ArrayList<>(byClaim.values()));
    }

    List<Row> rows() {
        return rows;
    }

    /** How many claims are held (at full scale, or quick where full did not run) out of all. */
    public long heldCount() {
        return rows.stream().filter(row -> row.held().startsWith("yes")).count();
    }

    /** How many claims are held when the rerun's verdicts stand where it ran. */
    public long heldWithRerunCount() {
        return rows.stream().filter(row -> row.heldWithRerun().startsWith("yes")).count();
    }

    public String markdown() {
        boolean reran = rows.stream().anyMatch(row -> row.rerun().isPresent());
        List<String> header = new ArrayList<>(List.of("experiment", "finding", "paper", "quick: ours — holds",
                "full: ours — holds", "held"));
        if (reran) {
            header.addAll(List.of("full rerun: ours — holds", "held with the rerun"));
        }
        MarkdownTable table = new MarkdownTable(header.toArray(String[]::new));
        for (Row row : rows) {
            List<String> cells = new ArrayList<>(List.of(row.experiment(), row.finding(), row.paper(),
                    row.quick().map(Verdict::cell).orElse("not run"), row.full().map(Verdict::cell).orElse("not run"),
                    row.held()));
            if (reran) {
                cells.addAll(List.of(row.rerun().map(Verdict::cell).orElse("not rerun"), row.heldWithRerun()));
            }
            table.add(cells.toArray(String[]::new));
        }
        return table.text();
    }

    private static void merge(Map<String, Row> byClaim, List<List<String>> claims, Kind kind) {
        for (List<String> claim : claims) {
            String key = claim.get(0) + "\u0000" + claim.get(1);
            Verdict verdict = new Verdict(claim.get(4), Boolean.parseBoolean(claim.get(5)), claim.get(6));
            Row known = byClaim.get(key);
            Row row = known == null ? new Row(claim.get(0), claim.get(1), claim.get(2), Optional.empty(),
                    Optional.empty(), Optional.empty()) : known;
            byClaim.put(key, row.with(kind, verdict));
        }
    }

    private static List<List<String>> readClaims(Path directory) {
        Path file = directory.resolve("claims.csv");
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InvalidInputException("cannot read " + file + " (" + e.getClass().getSimpleName()
                    + "): give the directory of a reproduction's report");
        }
        List<List<String>> rows = CsvRows.parse(text, file.toString());
        if (rows.isEmpty() || !rows.get(0).equals(HEADER)) {
            throw new InvalidInputException(file + " does not start with the header " + String.join(",", HEADER)
                    + ": not the claims.csv of errorprop reproduce");
        }
        for (int i = 1; i < rows.size(); i++) {
            if (rows.get(i).size() != HEADER.size()) {
                throw new InvalidInputException(file + " line " + (i + 1) + " has " + rows.get(i).size()
                        + " cells, not " + HEADER.size());
            }
        }
        return rows.subList(1, rows.size());
    }
}
