package org.errorprop.experiments.data;

import java.util.Objects;

/** The content of an IDX label file: {@code count} unsigned-byte labels (0..255) in file order. */
public final class IdxLabels {
    private final String source;
    private final byte[] labels;
    private final int offset;
    private final int count;

    IdxLabels(String source, int count, byte[] labels, int offset) {
        this.source = source;
        this.count = count;
        this.labels = labels;
        this.offset = offset;
    }

    /** Where the labels came from (a path or a resource name), for messages. */
    public String source() {
        return source;
    }

    public int count() {
        return count;
    }

    /** Label {@code i}, 0..255. */
    public int label(int i) {
        Objects.checkIndex(i, count);
        return labels[offset + i] & 0xff;
    }

    /** All labels as ints, 0..255. */
    public int[] toArray() {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = labels[offset + i] & 0xff;
        }
        return out;
    }
}
