package org.errorprop.experiments.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;

/**
 * A small npm-like package for the tests: a gzipped ustar tarball with {@code package/package.json} and the four
 * MNIST-format files (30 train / 12 test images of 4 x 3) under {@code package/data/}, and a {@link PinnedPackage}
 * carrying its true checksums.
 */
public final class FakeMnistPackage {
    /** Training examples in the package. */
    public static final int TRAIN = 30;
    /** Test examples in the package. */
    public static final int TEST = 12;

    private final byte[] tarball;
    private final PinnedPackage pinned;

    public FakeMnistPackage() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(MnistFormat.TRAIN_IMAGES, IdxTestFiles.images(TRAIN, 4, 3));
        files.put(MnistFormat.TRAIN_LABELS, IdxTestFiles.labels(IdxTestFiles.cyclicLabels(TRAIN)));
        files.put(MnistFormat.TEST_IMAGES, IdxTestFiles.images(TEST, 4, 3));
        files.put(MnistFormat.TEST_LABELS, IdxTestFiles.labels(IdxTestFiles.cyclicLabels(TEST)));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/package.json", "{\"name\": \"fake-mnist\"}\n".getBytes(StandardCharsets.UTF_8));
        Map<String, String> sha = new LinkedHashMap<>();
        files.forEach((name, content) -> {
            entries.put("package/data/" + name, content);
            sha.put(name, sha256(content));
        });
        tarball = gzipTar(entries);
        pinned = new PinnedPackage("fake-mnist", "0.0.1", "ISC", sha256(tarball), sha);
    }

    public PinnedPackage pinned() {
        return pinned;
    }

    public byte[] tarball() {
        return tarball.clone();
    }

    /** A fetcher that writes this package's tarball and counts its calls. */
    public PackageFetcher fetcher(AtomicInteger calls) {
        return (p, work) -> {
            calls.incrementAndGet();
            return write(work.resolve(p.tarballName()), tarball);
        };
    }

    /** A cache in {@code directory} that fetches this package, counting fetches in {@code calls}. */
    public MnistCache cache(Path directory, AtomicInteger calls) {
        return new MnistCache(directory, pinned, fetcher(calls));
    }

    static Path write(Path file, byte[] content) {
        try {
            return Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A gzipped ustar archive of regular files (names of at most 100 bytes), in the given order. */
    static byte[] gzipTar(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(tar(entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The plain ustar archive, ended by two zero blocks. */
    static byte[] tar(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        entries.forEach((name, content) -> {
            out.writeBytes(header(name, content.length, '0'));
            out.writeBytes(content);
            out.writeBytes(new byte[(512 - content.length % 512) % 512]);
        });
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    /** One ustar header block with a valid checksum. */
    static byte[] header(String name, long size, char type) {
        byte[] h = new byte[512];
        put(h, 0, name);
        put(h, 100, "0000644");
        put(h, 108, "0000000");
        put(h, 116, "0000000");
        put(h, 124, String.format("%011o", size));
        put(h, 136, "00000000000");
        h[156] = (byte) type;
        put(h, 257, "ustar");
        put(h, 263, "00");
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        int sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, String.format("%06o", sum));
        h[154] = 0;
        return h;
    }

    private static void put(byte[] h, int at, String text) {
        byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, at, b.length);
    }
}
