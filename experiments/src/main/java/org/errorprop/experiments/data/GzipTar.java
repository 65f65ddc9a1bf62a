package org.errorprop.experiments.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

/**
 * Copies chosen regular files out of a gzipped tar archive (POSIX ustar, what {@code npm pack} writes).
 *
 * <p>Rules: 512-byte headers; the entry's path is the ustar prefix, a slash and the name (or the name alone); its
 * size is octal; a regular file has type {@code '0'} or NUL; other entries and unwanted files are skipped; two zero
 * blocks or the end of the stream end the archive. Each copied file is forced to the disk. An archive that ends inside
 * an entry, or lacks a wanted file, is an {@link IOException} naming it.
 */
final class GzipTar {
    private static final int BLOCK = 512;

    private GzipTar() {
    }

    /** Copies each entry of {@code wanted} (path in the archive to target file) out of {@code archive}. */
    static void extract(Path archive, Map<String, Path> wanted) throws IOException {
        Map<String, Path> left = new HashMap<>(wanted);
        try (InputStream in = new BufferedInputStream(new GZIPInputStream(Files.newInputStream(archive), 1 << 16),
                1 << 16)) {
            byte[] header = new byte[BLOCK];
            while (!left.isEmpty()) {
                int n = in.readNBytes(header, 0, BLOCK);
                if (n == 0 || isZero(header, n)) {
                    break;
                }
                if (n < BLOCK) {
                    throw new EOFException(archive + ": the archive ends inside a header");
                }
                String path = path(header);
                long size = size(header, archive);
                byte type = header[156];
                long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
                Path target = left.remove(path);
                if (target != null && (type == '0' || type == 0)) {
                    copy(in, size, target, archive, path);
                    skip(in, padded - size, archive, path);
                } else {
                    if (target != null) {
                        left.put(path, target);
                    }
                    skip(in, padded, archive, path);
                }
            }
        }
        if (!left.isEmpty()) {
            throw new IOException(archive + " holds no regular file " + String.join(", ", new TreeSet<>(left.keySet())));
        }
    }

    private static boolean isZero(byte[] block, int length) {
        for (int i = 0; i < length; i++) {
            if (block[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static String path(byte[] header) {
        String name = text(header, 0, 100);
        boolean ustar = text(header, 257, 6).startsWith("ustar");
        String prefix = ustar ? text(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static long size(byte[] header, Path archive) throws IOException {
        String octal = text(header, 124, 12).trim();
        if (octal.isEmpty() || !octal.chars().allMatch(c -> c >= '0' && c <= '7')) {
            throw new IOException(archive + ": an entry's size field is not octal ('" + octal + "')");
        }
        return Long.parseLong(octal, 8);
    }

    private static String text(byte[] header, int from, int length) {
        int end = from;
        while (end < from + length && header[end] != 0) {
            end++;
        }
        return new String(header, from, end - from, StandardCharsets.UTF_8);
    }

    private static void copy(InputStream in, long size, Path target, Path archive, String entry) throws IOException {
        byte[] buffer = new byte[1 << 16];
        try (FileChannel channel = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
            long left = size;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException(archive + ": the archive ends inside " + entry);
                }
                out.write(buffer, 0, n);
                left -= n;
            }
            channel.force(true);
        }
    }

    private static void skip(InputStream in, long count, Path archive, String entry) throws IOException {
        try {
            in.skipNBytes(count);
        } catch (EOFException e) {
            throw new EOFException(archive + ": the archive ends inside " + entry);
        }
    }
}
