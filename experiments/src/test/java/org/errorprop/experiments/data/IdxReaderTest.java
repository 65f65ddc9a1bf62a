package org.errorprop.experiments.data;

import static org.errorprop.experiments.data.IdxTestFiles.assertOneLine;
import static org.errorprop.experiments.data.IdxTestFiles.gzip;
import static org.errorprop.experiments.data.IdxTestFiles.idx;
import static org.errorprop.experiments.data.IdxTestFiles.images;
import static org.errorprop.experiments.data.IdxTestFiles.labels;
import static org.errorprop.experiments.data.IdxTestFiles.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.ejml.data.DMatrixRMaj;
import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsImagesScaledToUnitInterval() {
        byte[] data = {0, (byte) 255, 51, (byte) 128, 1, 2};
        Path file = write(dir, "img", idx(IdxReader.IMAGES_MAGIC, new int[] {1, 2, 3}, data));
        IdxImages images = IdxReader.readImages(file);
        assertEquals(1, images.count());
        assertEquals(2, images.rows());
        assertEquals(3, images.columns());
        assertEquals(255, images.pixel(0, 1));
        DMatrixRMaj m = images.toMatrix();
        assertEquals(1, m.numRows);
        assertEquals(6, m.numCols);
        assertArrayEquals(new double[] {0, 1, 0.2, 128 / 255.0, 1 / 255.0, 2 / 255.0}, m.data, 0.0);
    }

    @Test
    void readsLabels() {
        Path file = write(dir, "lab", labels(3, 0, 9, 200));
        IdxLabels labels = IdxReader.readLabels(file);
        assertEquals(4, labels.count());
        assertArrayEquals(new int[] {3, 0, 9, 200}, labels.toArray());
        assertEquals(200, labels.label(3));
    }

    @Test
    void plainAndGzipReadTheSameWhateverTheName() {
        byte[] plain = images(25, 28, 28);
        Path plainFile = write(dir, "a-plain", plain);
        Path gzFile = write(dir, "b.gz", gzip(plain));
        Path gzWithoutSuffix = write(dir, "c-no-suffix", gzip(plain));
        Path plainWithGzSuffix = write(dir, "d.gz", plain);
        double[] expected = IdxReader.readImages(plainFile).toMatrix().data;
        assertArrayEquals(expected, IdxReader.readImages(gzFile).toMatrix().data, 0.0);
        assertArrayEquals(expected, IdxReader.readImages(gzWithoutSuffix).toMatrix().data, 0.0);
        assertArrayEquals(expected, IdxReader.readImages(plainWithGzSuffix).toMatrix().data, 0.0);
        assertArrayEquals(expected,
                IdxReader.readImages(new ByteArrayInputStream(gzip(plain)), "stream").toMatrix().data, 0.0);

        byte[] labels = labels(IdxTestFiles.cyclicLabels(25));
        assertArrayEquals(IdxReader.readLabels(write(dir, "l", labels)).toArray(),
                IdxReader.readLabels(write(dir, "l.gz", gzip(labels))).toArray());
    }

    @Test
    void truncatedImageFile() {
        byte[] full = images(10, 28, 28);
        Path file = write(dir, "trunc-images", Arrays.copyOf(full, full.length - 100));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readImages(file));
        assertOneLine(e, file.toString(), "truncated", "10 x 28 x 28 = 7840", "7740");
    }

    @Test
    void truncatedGzippedLabelFile() {
        byte[] full = labels(IdxTestFiles.cyclicLabels(50));
        Path file = write(dir, "trunc-labels.gz", gzip(Arrays.copyOf(full, full.length - 1)));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readLabels(file));
        assertOneLine(e, file.toString(), "truncated", "50 data bytes", "only 49");
    }

    @Test
    void truncatedGzipStream() {
        byte[] gz = gzip(images(10, 28, 28));
        Path file = write(dir, "cut.gz", Arrays.copyOf(gz, gz.length / 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readImages(file));
        assertOneLine(e, file.toString(), "corrupt or truncated gzip");
    }

    @Test
    void truncatedHeader() {
        byte[] full = images(2, 28, 28);
        Path file = write(dir, "short-header", Arrays.copyOf(full, 9));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readImages(file));
        assertOneLine(e, file.toString(), "truncated IDX header", "9 bytes", "needs 16");
    }

    @Test
    void trailingGarbage() {
        byte[] full = images(2, 28, 28);
        Path file = write(dir, "trailing", Arrays.copyOf(full, full.length + 3));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readImages(file));
        assertOneLine(e, file.toString(), "3 bytes of trailing data", "2 x 28 x 28");
    }

    @Test
    void wrongMagicNumberLabelsReadAsImages() {
        Path file = write(dir, "labels-not-images", labels(1, 2, 3));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readImages(file));
        assertOneLine(e, file.toString(), "wrong magic number 0x00000801", "expected 0x00000803",
                "looks like a label file");
    }

    @Test
    void wrongMagicNumberImagesReadAsLabels() {
        Path file = write(dir, "images-not-labels", images(1, 2, 2));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readLabels(file));
        assertOneLine(e, file.toString(), "wrong magic number 0x00000803", "expected 0x00000801",
                "looks like an image file");
    }

    @Test
    void wrongMagicNumberNotIdx() {
        Path file = write(dir, "text.txt", "hello, world\n".getBytes(StandardCharsets.US_ASCII));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readLabels(file));
        assertOneLine(e, file.toString(), "wrong magic number 0x68656C6C", "not an IDX file");
    }

    @Test
    void wrongTypeCode() {
        Path file = write(dir, "floats", idx(0x00000D03, new int[] {1, 1, 1}, new byte[4]));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readImages(file));
        assertOneLine(e, file.toString(), "wrong magic number 0x00000D03", "type code 0x0D");
    }

    @Test
    void emptyFile() {
        Path file = write(dir, "empty", new byte[0]);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readImages(file));
        assertOneLine(e, file.toString(), "empty file", "expected an IDX images file (magic 0x00000803)");
    }

    @Test
    void emptyGzipFile() {
        Path file = write(dir, "empty.gz", gzip(new byte[0]));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readLabels(file));
        assertOneLine(e, file.toString(), "empty file", "decompresses to 0 bytes");
    }

    @Test
    void fileShorterThanMagic() {
        Path file = write(dir, "tiny", new byte[] {0, 0});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readLabels(file));
        assertOneLine(e, file.toString(), "only 2 bytes");
    }

    @Test
    void zeroSize() {
        Path file = write(dir, "zero-rows", idx(IdxReader.IMAGES_MAGIC, new int[] {3, 0, 28}, new byte[0]));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readImages(file));
        assertOneLine(e, file.toString(), "size 2 of 3 is 0", "positive");
    }

    @Test
    void hugeSizes() {
        Path file = write(dir, "huge", idx(IdxReader.IMAGES_MAGIC, new int[] {-1, 28, 28}, new byte[0]));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readImages(file));
        assertOneLine(e, file.toString(), "4294967295 x 28 x 28", "more than this reader supports");
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope");
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readImages(file));
        assertOneLine(e, file.toString(), "does not exist");
    }

    @Test
    void directoryInsteadOfFile() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.readImages(dir));
        assertOneLine(e, dir.toString(), "is a directory");
    }

    /**
     * Full-MNIST size: 60,000 gzipped 28 × 28 images read and scale. The time bound is a guard against
     * accidentally quadratic reading (byte-at-a-time streams, per-pixel allocation), not a benchmark:
     * about 0.7-1.2 s was measured in a fresh JVM on the 2-core project machine, and the bound leaves a
     * factor of ten for a loaded CI machine. The random pixels make the file harder to decompress than
     * real MNIST.
     */
    @Test
    void sixtyThousandImagesReadQuickly() {
        int count = 60_000;
        Path file = write(dir, "big.gz", sparseRandomImagesGz(count));
        System.gc(); // do not time the collection of the generator's garbage
        long start = System.nanoTime();
        DMatrixRMaj m = IdxReader.readImages(file).toMatrix();
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(count, m.numRows);
        assertEquals(784, m.numCols);
        assertTrue(seconds < 12.0, "reading 60,000 images took " + seconds + " s");
    }

    /** Mostly background like MNIST: each pixel is 0 with probability 0.8, else a random byte. */
    private static byte[] sparseRandomImagesGz(int count) {
        byte[] data = new byte[count * 784];
        Random random = new Random(1);
        for (int i = 0; i < data.length; i++) {
            data[i] = random.nextInt(5) == 0 ? (byte) random.nextInt(256) : 0;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out, 1 << 16) {
            {
                def.setLevel(Deflater.BEST_SPEED);
            }
        }) {
            gz.write(idx(IdxReader.IMAGES_MAGIC, new int[] {count, 28, 28}, data));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
