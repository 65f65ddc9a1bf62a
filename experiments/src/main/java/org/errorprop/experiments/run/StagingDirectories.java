package org.errorprop.experiments.run;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;

/**
 * The hidden staging directories beside an output target, {@code .<name>.partial-<pid>-<random>}: the process id
 * in the name tells a later run whether the process that made one is still alive, so that a directory left by a
 * killed process (SIGKILL leaves no chance to clean up) is removed by the next run for the same target.
 */
final class StagingDirectories {
    private StagingDirectories() {
    }

    static Path create(Path target) throws IOException {
        return Files.createTempDirectory(target.getParent(), prefix(target) + ProcessHandle.current().pid() + "-");
    }

    /** Removes the staging directories of {@code target} whose process has ended. */
    static void removeStale(Path target) throws IOException {
        String prefix = prefix(target);
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent(), prefix + "*")) {
            for (Path sibling : siblings) {
                String rest = sibling.getFileName().toString().substring(prefix.length());
                int dash = rest.indexOf('-');
                if (dash <= 0 || !Files.isDirectory(sibling)) {
                    continue;
                }
                long pid;
                try {
                    pid = Long.parseLong(rest.substring(0, dash));
                } catch (NumberFormatException notOurs) {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                OutputDirectory.deleteTree(sibling);
            }
        }
    }

    /** Gives {@code directory} the permissions a directory created now beside it gets (the process's umask). */
    static void givePermissionsOfANewDirectory(Path directory) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(directory, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Path probe = directory.resolveSibling(directory.getFileName() + ".mode");
        try {
            Files.createDirectory(probe);
            view.setPermissions(Files.getPosixFilePermissions(probe));
        } catch (FileSystemException e) {
            throw new IOException("cannot set the permissions of " + directory + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private static String prefix(Path target) {
        return "." + target.getFileName() + ".partial-";
    }
}
