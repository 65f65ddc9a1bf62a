package org.errorprop.experiments.reproduce;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.StreamCorruptedException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.errorprop.experiments.run.AtomicFiles;
import org.errorprop.experiments.sweep.Shard;
import org.errorprop.framework.InvalidInputException;

/**
 * Where a reproduction keeps its finished training runs, so that the same command, run again after a kill,
 * trains only what is missing, and so that {@code --shard I/N} processes (machines, SLURM array tasks) can
 * split the runs between them. A run is one job of an {@link IndependentRuns#map} call site, named by the
 * site and the job's position; its file holds the job's description ({@code toString}) and its result, Java
 * serialised. A stored result is used only when the description matches, and the store only holds runs of
 * one reproduction: its identity (revision, scale, seed, data, precision) is written when the store is made
 * and a different one is refused.
 *
 * <p>Because every run owns its random streams, a run loaded from the store has the bits it would have had if
 * trained in this process; a resumed or sharded reproduction therefore reports the same numbers as one that
 * ran straight through.
 */
public final class RunStore {
    static final String IDENTITY_FILE = "reproduction.txt";
    private static final String SUFFIX = ".run";

    private final Path directory;
    private final Shard shard;
    private final AtomicInteger trained = new AtomicInteger();
    private final AtomicInteger loaded = new AtomicInteger();

    private RunStore(Path directory, Shard shard) {
        this.directory = directory;
        this.shard = Objects.requireNonNull(shard);
    }

    /** Keeps nothing: every run is trained (the quick and smoke reproductions). */
    public static RunStore inMemory() {
        return new RunStore(null, Shard.WHOLE);
    }

    /**
     * The store in {@code directory}, made with {@code identity} if new; refused with one line if it holds
     * runs of a reproduction with another identity.
     */
    public static RunStore open(Path directory, String identity, Shard shard) {
        Path file = directory.resolve(IDENTITY_FILE);
        try {
            if (!Files.isRegularFile(file)) {
                // another shard may be making the same store right now: its identity file counts once it is there
                if (Files.exists(directory) && !holdsOnlyAnIdentityBeingWritten(directory) && !Files.isRegularFile(file)) {
                    throw new InvalidInputException("run store " + directory + " exists but has no " + IDENTITY_FILE
                            + ", so it was not made by errorprop reproduce; give another --runs directory");
                }
                Files.createDirectories(directory);
                if (!Files.isRegularFile(file)) {
                    AtomicFiles.writeText(file, identity);
                }
            }
            String known = Files.readString(file, StandardCharsets.UTF_8);
            if (!known.equals(identity)) {
                throw new InvalidInputException("run store " + directory + " holds the runs of another reproduction ("
                        + firstDifference(known, identity) + "); give another --runs directory, or delete this one");
            }
        } catch (IOException e) {
            throw new InvalidInputException("cannot use run store " + directory + ": " + e.getMessage());
        }
        return new RunStore(directory, shard);
    }

    /** Whether finished runs are kept on disk. */
    public boolean persistent() {
        return directory != null;
    }

    /** The part of the runs this process trains. */
    public Shard shard() {
        return shard;
    }

    /** How many runs this process trained, and how many it read from the store. */
    public int trainedCount() {
        return trained.get();
    }

    public int loadedCount() {
        return loaded.get();
    }

    /**
     * {@link IndependentRuns#map}, through the store: each job already stored under {@code site} is read, each
     * other job of this shard is trained on {@code workers} threads and stored as soon as it finishes. When
     * jobs of other shards are still missing, throws {@link RunsOfOtherShards} after this shard's own are
     * stored. {@code finished} hears of every result, stored or trained, in the jobs' order, each as soon as it and
     * all before it are there (with runs of other shards missing, only the results before the first gap).
     *
     * @param site names the call site uniquely within the reproduction, e.g. {@code "fig4/runs"}
     */
    public <J, R extends Serializable> List<R> map(String site, List<J> jobs, int workers, Function<J, R> work,
                                                   BiConsumer<J, R> finished) {
        if (directory == null) {
            return IndependentRuns.map(jobs, workers, job -> {
                R result = work.apply(job);
                trained.incrementAndGet();
                return result;
            }, finished);
        }
        Path siteDirectory = directory.resolve(safe(site));
        createDirectories(siteDirectory);
        List<R> results = new ArrayList<>(jobs.size());
        List<Integer> toTrain = new ArrayList<>();
        int missingElsewhere = 0;
        for (int i = 0; i < jobs.size(); i++) {
            R stored = read(siteDirectory, i, jobs.get(i));
            results.add(stored);
            if (stored == null) {
                if (owns(site, i)) {
                    toTrain.add(i);
                } else {
                    missingElsewhere++;
                }
            }
        }
        // finished hears of each result in the jobs' order as soon as it and every one before it are there (stored
        // ones at once), so progress moves while the runs train
        int[] told = {0};
        Runnable tell = () -> {
            while (told[0] < jobs.size() && results.get(told[0]) != null) {
                finished.accept(jobs.get(told[0]), results.get(told[0]));
                told[0]++;
            }
        };
        tell.run();
        IndependentRuns.map(toTrain, workers, i -> {
            R result = work.apply(jobs.get(i));
            write(siteDirectory, i, jobs.get(i), result);
            trained.incrementAndGet();
            return result;
        }, (i, result) -> {
            results.set(i, result);
            tell.run();
        });
        if (missingElsewhere > 0) {
            throw new RunsOfOtherShards(site, missingElsewhere, shard);
        }
        return results;
    }

    /** Whether this shard trains job {@code position} of {@code site}: round robin, offset per site. */
    boolean owns(String site, int position) {
        int offset = Math.floorMod(site.hashCode(), shard.count());
        return Math.floorMod(position + offset, shard.count()) == shard.index();
    }

    private <R> R read(Path siteDirectory, int position, Object job) {
        Path file = siteDirectory.resolve(position + SUFFIX);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            String description = in.readUTF();
            if (!description.equals(digest(job.toString()))) {
                return null;
            }
            @SuppressWarnings("unchecked")
            R result = (R) in.readObject();
            loaded.incrementAndGet();
            return result;
        } catch (InvalidClassException | StreamCorruptedException | ClassNotFoundException e) {
            throw new InvalidInputException("run store file " + file + " cannot be read (" + e.getMessage()
                    + "); delete it to train that run again");
        } catch (IOException e) {
            throw new InvalidInputException("run store file " + file + " is unreadable or truncated (" + e.getMessage()
                    + "); delete it to train that run again");
        }
    }

    private static void write(Path siteDirectory, int position, Object job, Serializable result) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeUTF(digest(job.toString()));
            out.writeObject(result);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise the result of " + job, e);
        }
        AtomicFiles.write(siteDirectory.resolve(position + SUFFIX), bytes.toByteArray());
    }

    /** The SHA-256 of a job's description: a changed job (other settings) never picks up an old result. */
    static String digest(String description) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(description.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String safe(String site) {
        if (!site.matches("[a-z0-9][a-z0-9/_-]*") || site.contains("..")) {
            throw new IllegalArgumentException("a run store site is lower-case words separated by '/', was " + site);
        }
        return site;
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    /**
     * Whether {@code directory} is empty or holds only another shard's identity file in the making (shards of one
     * reproduction may open a new store at the same moment).
     */
    private static boolean holdsOnlyAnIdentityBeingWritten(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (var entries = Files.list(directory)) {
            return entries.allMatch(entry -> entry.getFileName().toString().startsWith("." + IDENTITY_FILE + "."));
        }
    }

    private static String firstDifference(String known, String identity) {
        List<String> a = Arrays.asList(known.split("\n"));
        List<String> b = Arrays.asList(identity.split("\n"));
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String x = i < a.size() ? a.get(i) : "";
            String y = i < b.size() ? b.get(i) : "";
            if (!x.equals(y)) {
                return "it has '" + x + "', this run '" + y + "'";
            }
        }
        return "same lines, different bytes";
    }

    /** Thrown when jobs of a site belong to other shards and are not stored yet: the experiment cannot finish here. */
    public static final class RunsOfOtherShards extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RunsOfOtherShards(String site, int missing, Shard shard) {
            super(missing + " run(s) of " + site + " belong to other shards than " + shard + " and are not stored yet",
                    null, false, false);
        }
    }
}
