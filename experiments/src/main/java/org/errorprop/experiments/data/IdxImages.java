package org.errorprop.experiments.data;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;

/**
 * The content of an IDX image file: {@code count} images of {@code rows × columns} values, row-major,
 * image after image, as stored in the file: unsigned bytes (MNIST's greyscale) or big-endian float64.
 */
public final class IdxImages {
    private final String source;
    private final int count;
    private final int rows;
    private final int columns;
    private final byte[] pixels;
    private final int offset;
    private final boolean float64;

    IdxImages(String source, int count, int rows, int columns, byte[] pixels, int offset, boolean float64) {
        this.float64 = float64;
        this.source = source;
        this.count = count;
        this.rows = rows;
        this.columns = columns;
        this.pixels = pixels;
        this.offset = offset;
    }

    /** Where the images came from (a path or a resource name), for messages. */
    public String source() {
        return source;
    }

    public int count() {
        return count;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Pixels per image, {@code rows × columns}. */
    public int pixelsPerImage() {
        return rows * columns;
    }

    /** Whether the file holds float64 values rather than unsigned bytes. */
    public boolean isFloat64() {
        return float64;
    }

    /** The byte (0..255) of pixel {@code p} (row-major) of image {@code i}; unsigned-byte files only. */
    public int pixel(int i, int p) {
        if (float64) {
            throw new IllegalStateException(source + " holds float64 values, not bytes");
        }
        Objects.checkIndex(i, count);
        Objects.checkIndex(p, pixelsPerImage());
        return pixels[offset + i * pixelsPerImage() + p] & 0xff;
    }

    /**
     * All images as a {@code count × (rows·columns)} matrix: each pixel byte divided by 255 so values lie
     * in [0, 1], or float64 values as stored (which may be anything, NaN included: the {@code Dataset}
     * built from them rejects non-finite values). No other normalisation.
     */
    public DMatrixRMaj toMatrix() {
        int size = count * pixelsPerImage();
        DMatrixRMaj m = new DMatrixRMaj(count, pixelsPerImage());
        double[] data = m.data;
        if (float64) {
            java.nio.ByteBuffer.wrap(pixels, offset, size * Double.BYTES).order(java.nio.ByteOrder.BIG_ENDIAN)
                    .asDoubleBuffer().get(data, 0, size);
            return m;
        }
        for (int i = 0; i < size; i++) {
            data[i] = (pixels[offset + i] & 0xff) / 255.0;
        }
        return m;
    }
}
