package org.errorprop.experiments.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * Files that are replaced whole or not at all: the content goes to a temporary file beside the target
 * ({@code .NAME.<random>.tmp}), is forced to the disk, and is renamed onto the target in one atomic step; the
 * directory is forced too, so the rename survives a power cut. A reader sees the old file or the new one, never
 * a mixture, and a process killed half-way leaves at most a temporary file, which {@link #removeLeftovers} clears.
 */
public final class AtomicFiles {
    private static final String SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    public static void write(Path target, byte[] content) {
        Path directory = target.toAbsolutePath().getParent();
        Path temporary = null;
        try {
            // not Files.createTempFile, whose files are private (0600): the result gets the umask's permissions
            temporary = directory.resolve(prefix(target) + java.util.UUID.randomUUID() + SUFFIX);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
            forceDirectory(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the write failed already; its message is the one to report
                }
            }
        }
    }

    public static void writeText(Path target, String text) {
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the temporary files a killed {@link #write} of {@code target} left beside it. */
    public static void removeLeftovers(Path target) {
        Path directory = target.toAbsolutePath().getParent();
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(directory, prefix(target) + "*" + SUFFIX)) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clean up beside " + target + ": " + e.getMessage(), e);
        }
    }

    private static String prefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /** Forces every regular file under {@code root}, and the directories, to the disk. */
    static void forceTree(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.toList();
        }
        for (Path path : paths) {
            if (Files.isRegularFile(path)) {
                try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                    channel.force(true);
                }
            } else if (Files.isDirectory(path)) {
                forceDirectory(path);
            }
        }
    }

    /** Makes a rename in {@code directory} durable; a no-op where directories cannot be opened (not POSIX). */
    static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException notSupported) {
            // the rename is atomic still; only its durability across a power cut is left to the file system
        }
    }
}
