package org.errorprop.experiments.reproduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.errorprop.experiments.report.CsvTable;
import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaimsAcrossScalesTest {
    @TempDir
    Path temp;

    private Path claims(String name, Object[]... rows) throws Exception {
        Path directory = temp.resolve(name);
        Files.createDirectories(directory);
        CsvTable table = new CsvTable(ClaimsAcrossScales.HEADER.toArray(String[]::new));
        for (Object[] row : rows) {
            table.add(row);
        }
        table.write(directory.resolve("claims.csv"));
        return directory;
    }

    private static Object[] claim(String experiment, String finding, String ours, boolean holds, String registration) {
        return new Object[] {experiment, finding, "qualitative, Figure 4", "a criterion, with a comma", ours, holds,
                registration};
    }

    @Test
    void heldIsTheFullVerdictUnderARegisteredCriterionAndQuickStandsInOnlyWhereFullDidNotRun() throws Exception {
        Path quick = claims("quick", claim("fig4", "converge well", "SG 0.95", true, "registered"),
                claim("fig4", "faster", "2 of 3", true, "registered"),
                claim("fig5", "norms rise", "rho 0.3", true, "changed_after_a_run"));
        Path full = claims("full", claim("fig4", "converge well", "SG 0.98", true, "registered"),
                claim("fig4", "faster", "0 of 3", false, "registered"));
        ClaimsAcrossScales table = ClaimsAcrossScales.read(Optional.of(quick), Optional.of(full));
        List<ClaimsAcrossScales.Row> rows = table.rows();
        assertEquals(3, rows.size());
        assertEquals("yes", rows.get(0).held());
        assertEquals("no", rows.get(1).held(), "the control: held at quick, failed at full: not held");
        assertEquals("yes (quick only; full not run)", rows.get(2).held());
        assertEquals(2, table.heldCount(), "yes at full and yes at quick only");
        String markdown = table.markdown();
        assertTrue(markdown.contains("| fig4 | faster | qualitative, Figure 4 | 2 of 3 — yes | 0 of 3 — **no** | no |"),
                markdown);
        assertTrue(markdown.contains("| not run | yes (quick only; full not run) |"), markdown);
    }

    @Test
    void aRerunGetsItsOwnColumnsAndNeverChangesTheFullRunsVerdict() throws Exception {
        Path full = claims("full", claim("fig3", "trains", "SG everywhere 0.49", false, "registered"),
                claim("fig3", "plateau", "9 layers", true, "registered"),
                claim("fig4", "faster", "2 of 3", true, "registered"));
        Path rerun = claims("rerun", claim("fig3", "trains", "SG everywhere 0.93", true, "registered"),
                claim("fig3", "plateau", "15 layers", false, "registered"));
        ClaimsAcrossScales table = ClaimsAcrossScales.read(Optional.empty(), Optional.of(full), Optional.of(rerun));
        List<ClaimsAcrossScales.Row> rows = table.rows();
        assertEquals("no", rows.get(0).held(), "the full run's verdict stays");
        assertEquals("yes (rerun)", rows.get(0).heldWithRerun());
        assertEquals("yes", rows.get(1).held());
        assertEquals("no (rerun)", rows.get(1).heldWithRerun(), "the control: a rerun that fails is not held");
        assertEquals("yes", rows.get(2).heldWithRerun(), "where the rerun did not run, the full run's verdict");
        assertEquals(2, table.heldCount());
        assertEquals(2, table.heldWithRerunCount());
        String markdown = table.markdown();
        assertTrue(markdown.contains("| full rerun: ours — holds | held with the rerun |"), markdown);
        assertTrue(markdown.contains("| 2 of 3 — yes | yes | not rerun | yes |"), markdown);
        assertThrows(InvalidInputException.class,
                () -> ClaimsAcrossScales.read(Optional.of(full), Optional.empty(), Optional.of(rerun)),
                "a rerun without the full run it reruns part of");
        assertTrue(!ClaimsAcrossScales.read(Optional.empty(), Optional.of(full)).markdown().contains("rerun"),
                "no rerun columns without a rerun");
    }

    @Test
    void aClaimWhoseCriterionWasNotRegisteredIsNotHeldWhateverItsMeasurement() throws Exception {
        Path full = claims("full", claim("supp8", "similar", "0.002", true, "not_registered"),
                claim("supp8", "other", "0.1", true, "differs"));
        ClaimsAcrossScales table = ClaimsAcrossScales.read(Optional.empty(), Optional.of(full));
        assertEquals("no", table.rows().get(0).held());
        assertEquals("no", table.rows().get(1).held());
        assertTrue(table.markdown().contains("0.002 — not counted (not registered)"), table.markdown());
        assertEquals(0, table.heldCount());
    }

    @Test
    void aDirectoryWithoutClaimsOrWithAnotherCsvIsOneLine() throws Exception {
        Path empty = temp.resolve("empty");
        Files.createDirectories(empty);
        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> ClaimsAcrossScales.read(Optional.of(empty), Optional.empty()));
        assertTrue(missing.getMessage().contains("claims.csv"), missing.getMessage());
        Path other = temp.resolve("other");
        Files.createDirectories(other);
        Files.writeString(other.resolve("claims.csv"), "method,seed\nbp,1\n");
        InvalidInputException wrong = assertThrows(InvalidInputException.class,
                () -> ClaimsAcrossScales.read(Optional.of(other), Optional.empty()));
        assertTrue(wrong.getMessage().contains("not the claims.csv of errorprop reproduce"), wrong.getMessage());
        assertThrows(InvalidInputException.class, () -> ClaimsAcrossScales.read(Optional.empty(), Optional.empty()));
    }

    @Test
    void readsTheCommittedQuickReproduction() throws Exception {
        Path committed = Path.of("..", "paper-notes", "reproduction");
        ClaimsAcrossScales table = ClaimsAcrossScales.read(Optional.of(committed), Optional.empty());
        long lines = Files.readAllLines(committed.resolve("claims.csv")).stream()
                .filter(line -> line.matches("^[a-z0-9]+,.*")).count();
        assertEquals(lines - 1, table.rows().size(), "one row per claim line (the header matches the pattern too)");
        assertTrue(table.rows().stream().allMatch(row -> row.quick().isPresent() && row.full().isEmpty()));
    }
}
