package org.errorprop.experiments.run;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.errorprop.framework.InvalidInputException;

/**
 * An exclusive lock on an output target, the file {@code .<name>.lock} beside it, held from the start of a run
 * to its end: a second run on the same {@code --out} is refused at its start, not after training. The lock is
 * the operating system's, so it goes with the process however the process ends; the file is removed on release.
 */
final class OutputLock {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private OutputLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of {@code target}: {@code .<name>.lock} beside it. */
    static Path fileOf(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".lock");
    }

    static OutputLock acquire(Path target, Path shown) {
        Path file = fileOf(target);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw busy(shown);
            }
            return new OutputLock(file, channel, lock);
        } catch (OverlappingFileLockException e) {
            close(channel);
            throw busy(shown);
        } catch (IOException e) {
            close(channel);
            throw new InvalidInputException("cannot lock output directory " + shown + ": " + e.getMessage(), e);
        } catch (InvalidInputException e) {
            close(channel);
            throw e;
        }
    }

    private static InvalidInputException busy(Path shown) {
        return new InvalidInputException("another errorprop run is writing " + shown + "; wait for it or choose "
                + "another --out");
    }

    void release() {
        try {
            Files.deleteIfExists(file);
            lock.release();
        } catch (IOException ignored) {
            // the lock goes with the channel
        } finally {
            close(channel);
        }
    }

    private static void close(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing held any more
        }
    }
}
