package org.errorprop.experiments.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path temp;

    private List<String> names() throws Exception {
        try (Stream<Path> entries = Files.list(temp)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWriteReplacesTheFileWholeAndLeavesNothingElse() throws Exception {
        Path file = temp.resolve("checkpoint.bin");
        AtomicFiles.write(file, new byte[] {1, 2, 3});
        AtomicFiles.write(file, new byte[] {4});
        assertArrayEquals(new byte[] {4}, Files.readAllBytes(file));
        assertEquals(List.of("checkpoint.bin"), names());
    }

    @Test
    void theFileGetsThePermissionsOfAPlainNewFileNotPrivateOnes() throws Exception {
        Path plain = Files.writeString(temp.resolve("plain.txt"), "x");
        Path atomic = temp.resolve("atomic.txt");
        AtomicFiles.writeText(atomic, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
    }

    @Test
    void leftoversOfAKilledWriteAreRemovedAndOnlyThose() throws Exception {
        Files.writeString(temp.resolve(".checkpoint.bin.1234.tmp"), "half");
        Files.writeString(temp.resolve(".other.bin.1234.tmp"), "another file's");
        Files.writeString(temp.resolve("checkpoint.bin"), "whole");
        AtomicFiles.removeLeftovers(temp.resolve("checkpoint.bin"));
        assertEquals(List.of(".other.bin.1234.tmp", "checkpoint.bin"), names());
    }

    @Test
    void aFailedWriteSaysWhereAndLeavesNoTemporaryFile() throws Exception {
        Path target = temp.resolve("is-a-directory");
        Files.createDirectories(target.resolve("inside"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, new byte[1]));
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(List.of("is-a-directory"), names());
    }
}
