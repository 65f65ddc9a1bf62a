package org.errorprop.experiments.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.errorprop.experiments.data.MnistFormat;

/** A valid MNIST-format directory small enough to train on in milliseconds: 4 x 4 pixels, 10 classes. */
final class TinyMnist {
    static final int TRAIN = 24;
    static final int TEST = 10;
    static final int SIDE = 4;

    private TinyMnist() {
    }

    /** An IDX file: big-endian magic, sizes, then the data bytes, with no checks. */
    static byte[] idx(int magic, int[] sizes, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * sizes.length + data.length);
        b.putInt(magic);
        for (int size : sizes) {
            b.putInt(size);
        }
        return b.put(data).array();
    }

    /** {@code count} images whose pixel p of image i is (11 i + 7 p) mod 256. */
    static byte[] images(int count) {
        byte[] pixels = new byte[count * SIDE * SIDE];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (11 * (i / (SIDE * SIDE)) + 7 * (i % (SIDE * SIDE)));
        }
        return idx(0x00000803, new int[] {count, SIDE, SIDE}, pixels);
    }

    /** Labels 0..9 cyclically. */
    static byte[] labels(int count) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % 10);
        }
        return idx(0x00000801, new int[] {count}, labels);
    }

    /** The four files of a valid directory, in {@link MnistFormat#FILE_NAMES} order. */
    static byte[][] files() {
        return new byte[][] {images(TRAIN), labels(TRAIN), images(TEST), labels(TEST)};
    }

    /** Writes {@code files} (in {@link MnistFormat#FILE_NAMES} order) into {@code directory}, created if needed. */
    static Path write(Path directory, byte[][] files) {
        try {
            Files.createDirectories(directory);
            for (int f = 0; f < files.length; f++) {
                Files.write(directory.resolve(MnistFormat.FILE_NAMES.get(f)), files[f]);
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
