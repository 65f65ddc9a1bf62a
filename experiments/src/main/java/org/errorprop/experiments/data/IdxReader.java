package org.errorprop.experiments.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.errorprop.framework.InvalidInputException;

/**
 * Reads IDX files of unsigned bytes, the format of MNIST and Fashion-MNIST, and image files of
 * float64 values (IDX type code {@code 0x0E}) for data that was preprocessed elsewhere.
 *
 * <p>Format rules, all checked:
 * <ul>
 *   <li>The file is plain or gzip-compressed; gzip is recognised by its magic bytes
 *       {@code 1f 8b}, never by the file name.</li>
 *   <li>A big-endian 32-bit magic number: two zero bytes, type code {@code 0x08} (unsigned byte)
 *       and the number of dimensions. Images are {@code 0x00000803} (3 dimensions:
 *       count, rows, columns) or, as float64, {@code 0x00000E03}; labels are {@code 0x00000801}
 *       (1 dimension: count).</li>
 *   <li>One big-endian unsigned 32-bit size per dimension, each positive.</li>
 *   <li>Exactly the product of the sizes in data elements (1 byte each, 8 for float64): fewer is a
 *       truncated file, more is trailing garbage; both are errors.</li>
 * </ul>
 * Every violation is an {@link InvalidInputException} whose one-line message names the file (or
 * resource) and what is wrong. Pixels are returned as bytes; {@link IdxImages#toMatrix()} scales them
 * to [0, 1] by dividing by 255.
 */
public final class IdxReader {
    /** Magic number of an IDX file of unsigned-byte images with 3 dimensions. */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic number of an IDX file of big-endian float64 images with 3 dimensions, used as they are. */
    public static final int FLOAT64_IMAGES_MAGIC = 0x00000E03;
    /** Magic number of an IDX file of unsigned-byte labels with 1 dimension. */
    public static final int LABELS_MAGIC = 0x00000801;

    private static final int MAX_DATA_BYTES = Integer.MAX_VALUE - 64;

    private IdxReader() {
    }

    /** Reads an image file (plain or gzip). */
    public static IdxImages readImages(Path file) {
        return images(content(readFile(file), file.toString()), file.toString());
    }

    /** Reads an image file from a stream (plain or gzip); {@code source} names it in messages. */
    public static IdxImages readImages(InputStream in, String source) {
        return images(content(readStream(in, source), source), source);
    }

    /** Reads a label file (plain or gzip). */
    public static IdxLabels readLabels(Path file) {
        return labels(content(readFile(file), file.toString()), file.toString());
    }

    /** Reads a label file from a stream (plain or gzip); {@code source} names it in messages. */
    public static IdxLabels readLabels(InputStream in, String source) {
        return labels(content(readStream(in, source), source), source);
    }

    private static IdxImages images(Content content, String source) {
        boolean float64 = content.bytes.length >= 4 && readInt(content.bytes, 0) == FLOAT64_IMAGES_MAGIC;
        long[] dims = header(content, source, float64 ? FLOAT64_IMAGES_MAGIC : IMAGES_MAGIC, "images");
        return new IdxImages(source, (int) dims[0], (int) dims[1], (int) dims[2], content.bytes, headerBytes(3),
                float64);
    }

    private static IdxLabels labels(Content content, String source) {
        long[] dims = header(content, source, LABELS_MAGIC, "labels");
        return new IdxLabels(source, (int) dims[0], content.bytes, headerBytes(1));
    }

    private static int headerBytes(int dimensions) {
        return 4 + 4 * dimensions;
    }

    /** Checks magic, sizes and length; returns the sizes. */
    private static long[] header(Content content, String source, int expectedMagic, String what) {
        byte[] b = content.bytes;
        int dimensions = expectedMagic & 0xff;
        int elementBytes = ((expectedMagic >>> 8) & 0xff) == 0x0E ? Double.BYTES : 1;
        String expected = String.format(Locale.ROOT, "an IDX %s file (magic 0x%08X)", what, expectedMagic);
        if (b.length == 0) {
            throw new InvalidInputException(source + ": empty file"
                    + (content.gzip ? " (the gzip data decompresses to 0 bytes)" : " (0 bytes)") + ", expected "
                    + expected);
        }
        if (b.length < 4) {
            throw new InvalidInputException(source + ": only " + b.length + " bytes, too short for the 4-byte magic"
                    + " number of " + expected);
        }
        int magic = readInt(b, 0);
        if (magic != expectedMagic) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%s: wrong magic number 0x%08X, expected"
                    + " 0x%08X (IDX unsigned-byte %s, %d dimension%s)%s", source, magic, expectedMagic, what,
                    dimensions, dimensions == 1 ? "" : "s", magicHint(magic, b)));
        }
        int headerBytes = headerBytes(dimensions);
        if (b.length < headerBytes) {
            throw new InvalidInputException(source + ": truncated IDX header: " + b.length + " bytes but a header"
                    + " with " + dimensions + " dimension sizes needs " + headerBytes);
        }
        long[] dims = new long[dimensions];
        long product = 1;
        for (int d = 0; d < dimensions; d++) {
            dims[d] = readInt(b, 4 + 4 * d) & 0xffffffffL;
        }
        String sizes = sizes(dims);
        for (int d = 0; d < dimensions; d++) {
            if (dims[d] == 0) {
                throw new InvalidInputException(source + ": IDX size " + (d + 1) + " of " + dimensions + " is 0 ("
                        + sizes + "); every size must be positive");
            }
            product *= dims[d];
            if (product * elementBytes > MAX_DATA_BYTES) {
                throw new InvalidInputException(source + ": IDX sizes " + sizes + " promise more than "
                        + MAX_DATA_BYTES + " data bytes, more than this reader supports");
            }
        }
        product *= elementBytes;
        long present = (long) b.length - headerBytes;
        if (present < product) {
            throw new InvalidInputException(source + ": truncated file: the header promises " + sizes + " = "
                    + product + " data bytes but only " + present + " are present");
        }
        if (present > product) {
            throw new InvalidInputException(source + ": " + (present - product) + " bytes of trailing data after"
                    + " the " + product + " data bytes the header promises (" + sizes + ")");
        }
        return dims;
    }

    private static String magicHint(int magic, byte[] b) {
        if ((magic >>> 16) != 0) {
            return "; this is not an IDX file";
        }
        int type = (magic >>> 8) & 0xff;
        if (type != 0x08 && type != 0x0E) {
            return String.format(Locale.ROOT, "; IDX type code 0x%02X is neither unsigned byte (0x08) nor float64"
                    + " (0x0E, images only)", type);
        }
        if (magic == IMAGES_MAGIC) {
            return "; this looks like an image file";
        }
        if (magic == LABELS_MAGIC) {
            return "; this looks like a label file";
        }
        return "";
    }

    private static String sizes(long[] dims) {
        StringBuilder s = new StringBuilder();
        for (int d = 0; d < dims.length; d++) {
            if (d > 0) {
                s.append(" x ");
            }
            s.append(dims[d]);
        }
        return s.toString();
    }

    private static int readInt(byte[] b, int at) {
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    private record Content(byte[] bytes, boolean gzip) {
    }

    private static Content content(byte[] raw, String source) {
        if (raw.length < 2 || (raw[0] & 0xff) != 0x1f || (raw[1] & 0xff) != 0x8b) {
            return new Content(raw, false);
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 1 << 16)) {
            // The last four bytes (ISIZE) give the uncompressed size modulo 2^32: with it, one
            // allocation and large inflate calls; if it is wrong the stream still decides. A hint
            // beyond deflate's maximum ratio (about 1032:1) comes from a damaged file and is ignored.
            long hint = raw.length < 18 ? 0 : (raw[raw.length - 4] & 0xffL) | (raw[raw.length - 3] & 0xffL) << 8
                    | (raw[raw.length - 2] & 0xffL) << 16 | (raw[raw.length - 1] & 0xffL) << 24;
            if (hint <= 0 || hint > MAX_DATA_BYTES || hint > 1032L * raw.length) {
                return new Content(in.readAllBytes(), true);
            }
            byte[] out = new byte[(int) hint];
            int n = in.readNBytes(out, 0, out.length);
            if (n < out.length) {
                return new Content(Arrays.copyOf(out, n), true);
            }
            byte[] rest = in.readAllBytes();
            if (rest.length == 0) {
                return new Content(out, true);
            }
            byte[] all = Arrays.copyOf(out, out.length + rest.length);
            System.arraycopy(rest, 0, all, out.length, rest.length);
            return new Content(all, true);
        } catch (IOException e) {
            throw new InvalidInputException(source + ": corrupt or truncated gzip data (" + oneLine(e) + ")", e);
        }
    }

    private static byte[] readFile(Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(file + ": is a directory, expected an IDX file");
        }
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(file + ": file does not exist", e);
        } catch (AccessDeniedException e) {
            throw new InvalidInputException(file + ": not readable (permission denied)", e);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot read (" + oneLine(e) + ")", e);
        }
    }

    private static byte[] readStream(InputStream in, String source) {
        try (InputStream s = in) {
            return s.readAllBytes();
        } catch (IOException e) {
            throw new InvalidInputException(source + ": cannot read (" + oneLine(e) + ")", e);
        }
    }

    private static String oneLine(Exception e) {
        if (e instanceof java.io.EOFException) {
            return "the data ends early";
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").trim();
    }
}
