package org.errorprop.experiments.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file written by {@link AtomicFiles#write} is the old one or the new one, and no temporary file is left. */
class AtomicFilesTest {
    @TempDir
    Path temp;

    private List<String> names() throws IOException {
        try (Stream<Path> entries = Files.list(temp)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesThenReplacesWholeAndLeavesNoTemporaryFile() throws IOException {
        Path file = temp.resolve("a.txt");
        AtomicFiles.write(file, "first".getBytes(StandardCharsets.UTF_8));
        assertEquals("first", Files.readString(file));
        AtomicFiles.write(file, "second, longer".getBytes(StandardCharsets.UTF_8));
        assertEquals("second, longer", Files.readString(file));
        assertEquals(List.of("a.txt"), names());
    }

    /** The rename fails (the target is a non-empty directory): the target is untouched, the temporary file removed. */
    @Test
    void aFailedWriteLeavesTheTargetAsItWasAndNoTemporaryFile() throws IOException {
        Path target = Files.createDirectory(temp.resolve("taken"));
        Files.writeString(target.resolve("inside.txt"), "kept");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, new byte[] {1, 2, 3}));
        assertEquals(List.of("taken"), names());
        assertArrayEquals("kept".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(target.resolve("inside.txt")));
    }
}
