package org.errorprop.experiments.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.errorprop.experiments.data.DataUnavailableException;
import org.errorprop.experiments.run.AtomicFiles;
import org.errorprop.experiments.run.OutputLostException;
import org.errorprop.framework.InvalidInputException;

/**
 * What the user is told when a command fails, as one line on stderr, and the exit code: a user's mistake (2), a
 * heap too small (2), a full disk, a lost output directory or data the environment cannot provide (1), or anything else, a bug (70), whose stack trace
 * goes to a file the line names instead of the terminal.
 */
final class FailureReport {
    /** Messages of the operating system for a full file system (ENOSPC, EDQUOT). */
    private static final List<String> DISK_FULL = List.of("No space left on device", "Disk quota exceeded");

    private final Path crashDirectory;
    private final List<String> invocation;

    /**
     * @param crashDirectory where a bug's stack trace is saved (the process's temporary directory)
     * @param invocation     the command line, for the crash file
     */
    FailureReport(Path crashDirectory, List<String> invocation) {
        this.crashDirectory = crashDirectory;
        this.invocation = List.copyOf(invocation);
    }

    /** Writes the one line for {@code failure} to {@code err} (prefixed with {@code command}) and returns the exit code. */
    int report(String command, Throwable failure, PrintWriter err) {
        Optional<InvalidInputException> mistake = find(failure, InvalidInputException.class);
        if (mistake.isPresent()) {
            err.println(command + ": " + oneLine(mistake.get().getMessage()));
            return ErrorpropCli.USER_ERROR;
        }
        Optional<DataUnavailableException> unavailable = find(failure, DataUnavailableException.class);
        if (unavailable.isPresent()) {
            err.println(command + ": " + oneLine(unavailable.get().getMessage()));
            return ErrorpropCli.FAILURE;
        }
        if (find(failure, OutOfMemoryError.class).isPresent()) {
            err.println(command + ": out of memory: the Java heap (" + gibibytes(Runtime.getRuntime().maxMemory())
                    + ") is too small for this run; give it more with ERRORPROP_JAVA_OPTS=-Xmx8g (for 8 GiB) before"
                    + " ./errorprop, or choose a smaller network or batch; nothing was kept");
            return ErrorpropCli.USER_ERROR;
        }
        Optional<OutputLostException> lost = find(failure, OutputLostException.class);
        if (lost.isPresent() && lost.get().stopping()) {
            return ErrorpropCli.FAILURE;  // the exit code is the signal's; the shutdown said why in one line
        }
        if (lost.isPresent()) {
            err.println(command + ": the output directory was removed while errorprop was writing it (by another"
                    + " process?); nothing was kept for " + lost.get().target());
            return ErrorpropCli.FAILURE;
        }
        Optional<IOException> full = diskFull(failure);
        if (full.isPresent()) {
            err.println(command + ": the disk is full (" + oneLine(full.get().getMessage()) + "); nothing was kept:"
                    + " free some space and run it again");
            return ErrorpropCli.FAILURE;
        }
        String crash = saveStackTrace(failure);
        err.println(command + ": internal error (a bug in errorprop; please report it with " + crash + "): "
                + failure.getClass().getSimpleName() + ": " + oneLine(String.valueOf(failure.getMessage())));
        return ErrorpropCli.INTERNAL_ERROR;
    }

    /** The crash file's path, or why there is none. */
    private String saveStackTrace(Throwable failure) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        Path file = crashDirectory.resolve("errorprop-crash-" + stamp + "-" + ProcessHandle.current().pid() + ".txt");
        StringWriter trace = new StringWriter();
        try (PrintWriter out = new PrintWriter(trace)) {
            out.println(String.join(" ", invocation));
            out.println("java " + Runtime.version());
            failure.printStackTrace(out);
        }
        try {
            AtomicFiles.write(file, trace.toString().getBytes(StandardCharsets.UTF_8));
            return file.toString();
        } catch (RuntimeException e) {
            return "the stack trace, which could not be saved to " + file + " (" + oneLine(e.toString()) + ")";
        }
    }

    /** The first of {@code type} in {@code failure}, its causes and suppressed exceptions. */
    private static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> type) {
        for (Throwable t : all(failure)) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    private static Optional<IOException> diskFull(Throwable failure) {
        for (Throwable t : all(failure)) {
            if (t instanceof IOException io && io.getMessage() != null
                    && DISK_FULL.stream().anyMatch(io.getMessage()::contains)) {
                return Optional.of(io);
            }
        }
        return Optional.empty();
    }

    /** {@code failure}, its causes and suppressed exceptions, breadth first, each once. */
    private static List<Throwable> all(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Throwable> queue = new ArrayDeque<>(List.of(failure));
        List<Throwable> order = new java.util.ArrayList<>();
        while (!queue.isEmpty()) {
            Throwable t = queue.removeFirst();
            if (!seen.add(t)) {
                continue;
            }
            order.add(t);
            if (t.getCause() != null) {
                queue.addLast(t.getCause());
            }
            queue.addAll(List.of(t.getSuppressed()));
        }
        return order;
    }

    private static String oneLine(String message) {
        return message.replace('\n', ' ').replace('\r', ' ');
    }

    private static String gibibytes(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return "no limit set";
        }
        return bytes < (1L << 30) ? "at most " + (bytes >> 20) + " MiB"
                : String.format(Locale.ROOT, "at most %.1f GiB", bytes / (double) (1L << 30));
    }
}
