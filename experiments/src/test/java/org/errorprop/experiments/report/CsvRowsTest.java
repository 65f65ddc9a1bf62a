package org.errorprop.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.SourceDSL;

class CsvRowsTest {

    @Test
    void readsBackWhatCsvTableWritesWhateverTheCellsHold() {
        Gen<String> cells = SourceDSL.strings().basicLatinAlphabet().ofLengthBetween(0, 12)
                .mix(SourceDSL.strings().betweenCodePoints('"', ',').ofLengthBetween(0, 6))
                .mix(SourceDSL.strings().betweenCodePoints('\n', '\r').ofLengthBetween(1, 3));
        QuickTheory.qt().withExamples(500).forAll(SourceDSL.lists().of(cells).ofSize(3)).checkAssert(row -> {
            CsvTable table = new CsvTable("a", "b", "c");
            table.add(row.get(0), row.get(1), row.get(2));
            List<List<String>> read = CsvRows.parse(table.text(), "t.csv");
            assertEquals(List.of(List.of("a", "b", "c"), row), read);
        });
    }

    @Test
    void aBrokenQuoteIsOneClearLine() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> CsvRows.parse("a,b\n\"open,c\n", "claims.csv"));
        assertEquals("claims.csv ends inside a quoted cell: not a CSV file errorprop wrote", e.getMessage());
    }

    @Test
    void emptyCellsAndALastLineWithoutNewline() {
        assertEquals(List.of(List.of("a", "", "c"), List.of("", "", "")), CsvRows.parse("a,,c\n,,", "t"));
    }
}
