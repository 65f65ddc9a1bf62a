package org.errorprop.experiments.data;

import java.util.Objects;
import org.ejml.data.DMatrixRMaj;

/**
 * The content of an IDX image file: {@code count} greyscale images of {@code rows × columns}
 * unsigned bytes, row-major, image after image, as stored in the file.
 */
public final class IdxImages {
    private final String source;
    private final int count;
    private final int rows;
    private final int columns;
    private final byte[] pixels;
    private final int offset;

    IdxImages(String source, int count, int rows, int columns, byte[] pixels, int offset) {
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

    /** The byte (0..255) of pixel {@code p} (row-major) of image {@code i}. */
    public int pixel(int i, int p) {
        Objects.checkIndex(i, count);
        Objects.checkIndex(p, pixelsPerImage());
        return pixels[offset + i * pixelsPerImage() + p] & 0xff;
    }

    /**
     * All images as a {@code count × (rows·columns)} matrix, each pixel byte divided by 255 so
     * values lie in [0, 1]. No other normalisation.
     */
    public DMatrixRMaj toMatrix() {
        int size = count * pixelsPerImage();
        DMatrixRMaj m = new DMatrixRMaj(count, pixelsPerImage());
        double[] data = m.data;
        for (int i = 0; i < size; i++) {
            data[i] = (pixels[offset + i] & 0xff) / 255.0;
        }
        return m;
    }
}
