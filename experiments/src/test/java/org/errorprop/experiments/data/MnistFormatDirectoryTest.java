package org.errorprop.experiments.data;

import static org.errorprop.experiments.data.IdxTestFiles.assertOneLine;
import static org.errorprop.experiments.data.IdxTestFiles.cyclicLabels;
import static org.errorprop.experiments.data.IdxTestFiles.gzip;
import static org.errorprop.experiments.data.IdxTestFiles.images;
import static org.errorprop.experiments.data.IdxTestFiles.labels;
import static org.errorprop.experiments.data.IdxTestFiles.mnistDirectory;
import static org.errorprop.experiments.data.IdxTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

class MnistFormatDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void loadsGzippedDirectory() {
        DataSplit split = new MnistFormatDirectory(mnistDirectory(dir, true)).load();
        assertEquals(30, split.train().size());
        assertEquals(12, split.test().size());
        assertEquals(12, split.train().inputWidth());
        assertEquals(10, split.train().classes());
        assertEquals(10, split.test().classes());
        for (int i = 0; i < 30; i++) {
            assertEquals(i % 10, split.train().label(i));
        }
        // pixel p of image i is (7 i + p) mod 256, divided by 255
        assertEquals((7 * 3 + 5) / 255.0, split.train().inputs().get(3, 5), 0.0);
        assertEquals(dir.toString(), split.train().name());
    }

    @Test
    void plainAndGzipDirectoriesReadTheSame(@TempDir Path other) {
        DataSplit gz = new MnistFormatDirectory(mnistDirectory(dir, true)).load();
        DataSplit plain = new MnistFormatDirectory(mnistDirectory(other, false)).load();
        assertArrayEquals(plain.train().inputs().data, gz.train().inputs().data, 0.0);
        assertArrayEquals(plain.train().targets().data, gz.train().targets().data, 0.0);
        assertArrayEquals(plain.test().inputs().data, gz.test().inputs().data, 0.0);
        assertArrayEquals(plain.test().targets().data, gz.test().targets().data, 0.0);
    }

    @Test
    void mixedPlainAndGzipAndPlainPreferred() throws IOException {
        mnistDirectory(dir, false);
        Files.move(dir.resolve(MnistFormat.TEST_IMAGES), dir.resolve(MnistFormat.TEST_IMAGES + ".gz"));
        // a broken .gz beside a good plain file: the plain one is used
        write(dir, MnistFormat.TRAIN_LABELS + ".gz", new byte[] {1, 2, 3});
        MnistFormatDirectory source = new MnistFormatDirectory(dir);
        assertEquals(dir.resolve(MnistFormat.TRAIN_LABELS), source.locate().get(1));
        assertEquals(dir.resolve(MnistFormat.TEST_IMAGES + ".gz"), source.locate().get(2));
        assertEquals(12, source.load().test().size());
    }

    @Test
    void imageLabelCountMismatch() {
        mnistDirectory(dir, true);
        Path labels = write(dir, MnistFormat.TRAIN_LABELS + ".gz", gzip(labels(cyclicLabels(29))));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new MnistFormatDirectory(dir).load());
        assertOneLine(e, dir.resolve(MnistFormat.TRAIN_IMAGES + ".gz") + " holds 30 images but " + labels
                + " holds 29 labels");
    }

    @Test
    void labelOutOfRange() {
        mnistDirectory(dir, false);
        int[] y = cyclicLabels(12);
        y[7] = 10;
        Path labels = write(dir, MnistFormat.TEST_LABELS, labels(y));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new MnistFormatDirectory(dir).load());
        assertOneLine(e, labels.toString(), "label 10 at index 7", "outside 0..9");
    }

    @Test
    void trainAndTestImageSizesDiffer() {
        mnistDirectory(dir, false);
        write(dir, MnistFormat.TEST_IMAGES, images(12, 3, 4));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new MnistFormatDirectory(dir).load());
        assertOneLine(e, "4 x 3 images", "3 x 4 images", "same size");
    }

    @Test
    void missingDirectory() {
        Path missing = dir.resolve("no-such-dir");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new MnistFormatDirectory(missing).load());
        assertOneLine(e, missing.toString(), "does not exist", "train-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte", "plain or .gz");
    }

    @Test
    void fileInsteadOfDirectory() {
        Path file = write(dir, "a-file", new byte[] {1});
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new MnistFormatDirectory(file).load());
        assertOneLine(e, file.toString(), "is not a directory");
    }

    @Test
    void missingFilesAreListed() throws IOException {
        mnistDirectory(dir, true);
        Files.delete(dir.resolve(MnistFormat.TEST_LABELS + ".gz"));
        Files.delete(dir.resolve(MnistFormat.TRAIN_IMAGES + ".gz"));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new MnistFormatDirectory(dir).load());
        assertOneLine(e, dir.toString(), "is missing train-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]",
                "an MNIST-format directory holds");
    }

    @Test
    void emptyDirectory() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new MnistFormatDirectory(dir).load());
        assertOneLine(e, "is missing train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz],"
                + " t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]");
    }

    @Test
    void emptyFileInDirectory() {
        mnistDirectory(dir, false);
        Path empty = write(dir, MnistFormat.TRAIN_IMAGES, new byte[0]);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new MnistFormatDirectory(dir).load());
        assertOneLine(e, empty.toString(), "empty file");
    }

    @Test
    void unreadableDirectory() throws IOException {
        Path locked = Files.createDirectory(dir.resolve("locked"));
        mnistDirectory(locked, false);
        boolean changed = locked.toFile().setReadable(false, false) && locked.toFile().setExecutable(false, false);
        try {
            assumeTrue(changed && !Files.isReadable(locked),
                    "permissions are not enforced for this user (root?)");
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> new MnistFormatDirectory(locked).load());
            assertOneLine(e, locked.toString(), "not readable");
        } finally {
            locked.toFile().setReadable(true, false);
            locked.toFile().setExecutable(true, false);
        }
    }
}
