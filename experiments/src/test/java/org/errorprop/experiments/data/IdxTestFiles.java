package org.errorprop.experiments.data;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.errorprop.framework.InvalidInputException;

/** Builds IDX files for the tests. */
final class IdxTestFiles {
    private IdxTestFiles() {
    }

    /** An IDX file: magic, sizes, data, with no checks. */
    static byte[] idx(int magic, int[] sizes, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * sizes.length + data.length);
        b.putInt(magic);
        for (int size : sizes) {
            b.putInt(size);
        }
        b.put(data);
        return b.array();
    }

    /** A valid image file of {@code count} images whose pixel p of image i is (7 i + p) mod 256. */
    static byte[] images(int count, int rows, int columns) {
        byte[] data = new byte[count * rows * columns];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * columns; p++) {
                data[i * rows * columns + p] = (byte) (7 * i + p);
            }
        }
        return idx(IdxReader.IMAGES_MAGIC, new int[] {count, rows, columns}, data);
    }

    /** A valid label file. */
    static byte[] labels(int... labels) {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return idx(IdxReader.LABELS_MAGIC, new int[] {labels.length}, data);
    }

    /** Labels 0, 1, ..., 9, 0, 1, ... */
    static int[] cyclicLabels(int count) {
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            labels[i] = i % 10;
        }
        return labels;
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static Path write(Path directory, String name, byte[] content) {
        try {
            return Files.write(directory.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A complete MNIST-format directory: 30 train and 12 test images of 4 x 3, gzip or plain. */
    static Path mnistDirectory(Path directory, boolean gzip) {
        String suffix = gzip ? ".gz" : "";
        write(directory, MnistFormat.TRAIN_IMAGES + suffix, maybeGzip(images(30, 4, 3), gzip));
        write(directory, MnistFormat.TRAIN_LABELS + suffix, maybeGzip(labels(cyclicLabels(30)), gzip));
        write(directory, MnistFormat.TEST_IMAGES + suffix, maybeGzip(images(12, 4, 3), gzip));
        write(directory, MnistFormat.TEST_LABELS + suffix, maybeGzip(labels(cyclicLabels(12)), gzip));
        return directory;
    }

    static byte[] maybeGzip(byte[] plain, boolean gzip) {
        return gzip ? gzip(plain) : plain;
    }

    /** The message is one line and contains every fragment. */
    static void assertOneLine(InvalidInputException e, String... fragments) {
        String message = e.getMessage();
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "message spans lines: " + message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "message '" + message + "' lacks '" + fragment + "'");
        }
    }
}
