package org.errorprop.experiments.data;

import static org.errorprop.experiments.data.IdxTestFiles.assertOneLine;
import static org.errorprop.experiments.data.IdxTestFiles.mnistDirectory;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.data.DataSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {
    @TempDir
    Path dir;

    @Test
    void absentDirectorySaysHowToGetIt() {
        Path missing = dir.resolve("fashion-mnist");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new FashionMnist(missing).load());
        assertEquals("Fashion-MNIST not found at " + missing + "; install Debian's dataset-fashion-mnist or pass"
                + " --data DIR", e.getMessage());
    }

    @Test
    void incompleteDirectoryNamesTheMissingFiles() throws IOException {
        mnistDirectory(dir, true);
        Files.delete(dir.resolve(MnistFormat.TEST_IMAGES + ".gz"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new FashionMnist(dir).load());
        assertOneLine(e, "Fashion-MNIST not found at " + dir, "missing t10k-images-idx3-ubyte",
                "install Debian's dataset-fashion-mnist or pass --data DIR");
    }

    @Test
    void readsAnMnistFormatDirectory() {
        DataSplit split = new FashionMnist(mnistDirectory(dir, true)).load();
        assertEquals(30, split.train().size());
        assertEquals("fashion-mnist", split.train().name());
    }

    @Test
    void debianDefaults() {
        FashionMnist debian = new FashionMnist();
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), debian.directory());
        assertEquals("fashion-mnist", debian.spec());
    }

    /** Runs only where Debian's dataset-fashion-mnist is installed. */
    @Test
    void installedDebianPackage() {
        Path debian = Path.of(FashionMnist.DEBIAN_DIRECTORY);
        assumeTrue(Files.isDirectory(debian), "dataset-fashion-mnist is not installed");
        DataSplit split = new FashionMnist().load();
        assertEquals(60_000, split.train().size());
        assertEquals(10_000, split.test().size());
        assertEquals(784, split.train().inputWidth());
        assertEquals(10, split.train().classes());
    }
}
