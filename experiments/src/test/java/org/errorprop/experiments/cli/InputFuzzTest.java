package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.commons.math3.random.RandomGenerator;
import org.errorprop.experiments.data.MnistFormat;
import org.errorprop.framework.random.RandomStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fuzz test: mutated IDX files (bit flips, truncation, huge declared counts, wrong magic numbers and
 * dimensions, garbage) and mutated spec files (wrong types, unknown and duplicate keys, absurd sizes, deep
 * nesting, aliases, tags, random bytes), 2,000 cases (system property {@code fuzz.cases}) from the named stream {@code "fuzz/inputs"} of
 * seed {@value #SEED}, each run in-process through the CLI. Every case must end in a valid run (exit 0) or a
 * refusal of exactly one line with exit 2 (a divergence with its documented exit 3 also counts), never an
 * uncaught exception, a stack trace, an OutOfMemoryError or a hang ({@value #CASE_SECONDS} s per case).
 * {@link #theClassifierCatchesEveryKindOfFailure} shows the same classifier fails what it must.
 */
class InputFuzzTest {
    static final long SEED = 12;
    static final int CASES = Integer.getInteger("fuzz.cases", 2000);
    static final int CASE_SECONDS = 20;
    static final int WORKERS = 2;

    /** How a case ended; the first three are fine. */
    enum Outcome {
        VALID_RUN, REFUSED_ONE_LINE, DIVERGED, WRONG_EXIT_OR_LINES, STACK_TRACE, UNCAUGHT, OUT_OF_MEMORY, HANG;

        boolean fine() {
            return this == VALID_RUN || this == REFUSED_ONE_LINE || this == DIVERGED;
        }
    }

    record Verdict(Outcome outcome, String detail) {
    }

    @TempDir
    Path temp;

    /** Runs cases one at a time on a thread of its own, so that a case that hangs can be abandoned. */
    static final class CaseRunner implements AutoCloseable {
        private ExecutorService thread = newThread();

        private static ExecutorService newThread() {
            return Executors.newSingleThreadExecutor(task -> {
                Thread t = new Thread(task, "fuzz-case");
                t.setDaemon(true);
                return t;
            });
        }

        /** Runs one case with the timeout and classifies how it ended. */
        Verdict classify(Supplier<CliRun> run, int timeoutSeconds) {
            Future<CliRun> future = thread.submit(run::get);
            CliRun result;
            try {
                result = future.get(timeoutSeconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                future.cancel(true);
                thread.shutdownNow();
                thread = newThread();
                return new Verdict(Outcome.HANG, "no end after " + timeoutSeconds + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Verdict(Outcome.HANG, "interrupted");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                return new Verdict(cause instanceof OutOfMemoryError ? Outcome.OUT_OF_MEMORY : Outcome.UNCAUGHT,
                        String.valueOf(cause));
            }
            String err = result.err();
            if (err.contains("\tat ") || err.contains("Exception:") || err.contains("Error:")
                    || err.contains("Caused by") || err.contains("Exception in thread")) {
                return new Verdict(Outcome.STACK_TRACE, "exit " + result.exitCode() + ": " + err);
            }
            if (result.exitCode() == 0) {
                return new Verdict(Outcome.VALID_RUN, "");
            }
            if (result.exitCode() == 2 && result.errLines().size() == 1) {
                return new Verdict(Outcome.REFUSED_ONE_LINE, result.errLines().get(0));
            }
            if (result.exitCode() == 3 && result.errLines().size() == 1) {
                return new Verdict(Outcome.DIVERGED, result.errLines().get(0));
            }
            return new Verdict(Outcome.WRONG_EXIT_OR_LINES, "exit " + result.exitCode() + ", stderr: " + err);
        }

        @Override
        public void close() {
            thread.shutdownNow();
        }
    }

    /** One generated case: what it does to which input, and the command line that reads it. */
    record Case(int number, String kind, String description, String[] args) {
    }

    /**
     * Generates every case from the named stream, sequentially (so the cases depend on the seed alone), writing
     * each case's files into a directory of its own.
     */
    private List<Case> generate(RandomGenerator random) {
        byte[][] valid = TinyMnist.files();
        Path validData = TinyMnist.write(temp.resolve("valid-data"), valid);
        List<Case> cases = new ArrayList<>();
        for (int c = 0; c < CASES; c++) {
            Path dir = temp.resolve("case-" + c);
            Path out = dir.resolve("out");
            if (c % 2 == 0) {
                byte[][] files = valid.clone();
                IdxMutation mutation = IdxMutation.values()[random.nextInt(IdxMutation.values().length)];
                // Labels out of range only mean something in a label file (files 1 and 3).
                int file = mutation == IdxMutation.LABEL_OUT_OF_RANGE ? 1 + 2 * random.nextInt(2) : random.nextInt(4);
                files[file] = mutation.apply(valid[file], random);
                Path data = TinyMnist.write(dir.resolve("data"), files);
                cases.add(new Case(c, mutation.name(), mutation + " of " + MnistFormat.FILE_NAMES.get(file),
                        new String[] {"train", "--data", data.toString(), "--epochs", "1", "--hidden", "4",
                            "--batch-size", "8", "--probe-every", "0", "--out", out.toString()}));
            } else {
                SpecMutation mutation = SpecMutation.values()[random.nextInt(SpecMutation.values().length)];
                byte[] spec = mutation.apply(baseSpec(validData), random);
                Path file = dir.resolve("spec.yaml");
                write(file, spec);
                String text = new String(spec, StandardCharsets.UTF_8).replace('\n', '|');
                cases.add(new Case(c, mutation.name(), mutation + " of the spec: "
                        + text.substring(0, Math.min(240, text.length())), random.nextInt(25) == 0
                        ? new String[] {"compare", "--spec", file.toString(), "--methods", "backprop,dfa", "--seeds", "1",
                            "--out", out.toString()}
                        : new String[] {"train", "--spec", file.toString(), "--out", out.toString()}));
            }
        }
        return cases;
    }

    @Test
    void everyMutatedInputEndsInAValidRunOrOneLineWithExitTwo() throws Exception {
        long start = System.nanoTime();
        List<Case> cases = generate(new RandomStreams(SEED).startOf("fuzz/inputs"));
        // Two workers, each running every other case on its own timed thread: the CLI keeps no state between runs.
        Verdict[] verdicts = new Verdict[cases.size()];
        java.util.concurrent.atomic.AtomicBoolean hung = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
        List<Future<?>> running = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            int first = w;
            running.add(workers.submit(() -> {
                try (CaseRunner runner = new CaseRunner()) {
                    // A hung case keeps its thread busy (it cannot be stopped in-process), so the first hang ends
                    // the run: the test fails at once instead of crawling on beside it.
                    for (int c = first; c < cases.size() && !hung.get(); c += WORKERS) {
                        String[] args = cases.get(c).args();
                        verdicts[c] = runner.classify(() -> CliRun.of(args), CASE_SECONDS);
                        hung.compareAndSet(false, verdicts[c].outcome() == Outcome.HANG);
                        deleteRecursively(temp.resolve("case-" + c));
                    }
                }
            }));
        }
        for (Future<?> worker : running) {
            worker.get();
        }
        workers.shutdown();

        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        Map<String, Integer> byMutation = new java.util.TreeMap<>();
        List<String> failures = new ArrayList<>();
        for (Case c : cases) {
            Verdict verdict = verdicts[c.number()];
            if (verdict == null) {
                continue;
            }
            counts.merge(verdict.outcome(), 1, Integer::sum);
            byMutation.merge(c.kind() + "/" + verdict.outcome(), 1, Integer::sum);
            if (!verdict.outcome().fine()) {
                failures.add("case " + c.number() + " (" + c.description() + "): " + verdict.outcome() + " "
                        + verdict.detail().substring(0, Math.min(600, verdict.detail().length())));
            }
        }
        int run = counts.values().stream().mapToInt(Integer::intValue).sum();
        int fine = counts.getOrDefault(Outcome.VALID_RUN, 0) + counts.getOrDefault(Outcome.REFUSED_ONE_LINE, 0)
                + counts.getOrDefault(Outcome.DIVERGED, 0);
        System.out.printf(Locale.ROOT, "fuzz (seed %d, stream fuzz/inputs): %d cases (%d IDX, %d spec): %d valid runs, "
                        + "%d refused with one line, %d diverged; %d other; %.1f s%n", SEED, run,
                (cases.size() + 1) / 2, cases.size() / 2, counts.getOrDefault(Outcome.VALID_RUN, 0),
                counts.getOrDefault(Outcome.REFUSED_ONE_LINE, 0), counts.getOrDefault(Outcome.DIVERGED, 0),
                run - fine, (System.nanoTime() - start) / 1e9);
        System.out.println("fuzz: outcomes by mutation: " + byMutation);
        assertTrue(failures.isEmpty() && run == cases.size(), failures.size() + " cases failed:\n" + String.join("\n",
                failures.subList(0, Math.min(20, failures.size()))));
        assertTrue(counts.getOrDefault(Outcome.VALID_RUN, 0) >= CASES / 50, "the mutations leave some inputs valid");
        assertTrue(counts.getOrDefault(Outcome.REFUSED_ONE_LINE, 0) >= CASES / 2, "most mutations are mistakes");
    }

    /** The classifier fails a case for each way a run must not end: shown on deliberately broken runs. */
    @Test
    void theClassifierCatchesEveryKindOfFailure() {
        try (CaseRunner runner = new CaseRunner()) {
            classifierCatchesEveryKindOfFailure(runner);
        }
    }

    private void classifierCatchesEveryKindOfFailure(CaseRunner runner) {
        // What `epochs: 10000000000` in a spec did before: an uncaught ArithmeticException.
        assertEquals(Outcome.UNCAUGHT, runner.classify(() -> {
            throw new ArithmeticException("integer overflow");
        }, CASE_SECONDS).outcome());
        assertEquals(Outcome.OUT_OF_MEMORY, runner.classify(() -> {
            throw new OutOfMemoryError("Java heap space");
        }, CASE_SECONDS).outcome());
        assertEquals(Outcome.HANG, runner.classify(() -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new CliRun(0, "", "");
        }, 1).outcome());
        // What picocli prints for an exception the handler rethrows: exit 1 and the stack trace.
        assertEquals(Outcome.STACK_TRACE, runner.classify(() -> new CliRun(1, "",
                "java.lang.IllegalArgumentException: Matrix size exceeds the size of an integer\n\tat org.ejml\n"),
                CASE_SECONDS).outcome());
        assertEquals(Outcome.WRONG_EXIT_OR_LINES, runner.classify(() -> new CliRun(2, "", "one\ntwo\n"), CASE_SECONDS).outcome());
        assertEquals(Outcome.WRONG_EXIT_OR_LINES, runner.classify(() -> new CliRun(1, "", "disk full\n"), CASE_SECONDS).outcome());
        assertEquals(Outcome.REFUSED_ONE_LINE, runner.classify(() -> new CliRun(2, "", "train: bad\n"), CASE_SECONDS).outcome());
        assertEquals(Outcome.VALID_RUN, runner.classify(() -> new CliRun(0, "ok", ""), CASE_SECONDS).outcome());
        // And a real case through the CLI: the same classifier on a mistake it must call a clean refusal.
        assertEquals(Outcome.REFUSED_ONE_LINE, runner.classify(() -> CliRun.of("train", "--epochs", "0", "--out",
                temp.resolve("x").toString()), CASE_SECONDS).outcome());
    }

    private static void deleteRecursively(Path directory) {
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, byte[] content) {
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A spec that trains in milliseconds on the tiny directory. The keys that decide a run's size come first,
     * so that a truncated spec is either refused or still tiny, never the reference run's ten epochs.
     */
    static String baseSpec(Path data) {
        return "epochs: 1\ndata: '" + data + "'\nhidden: [4]\nbatch_size: 8\nprobe_every: 0\nmethod: backprop\n"
                + "seed: 3\noptimizer: adam\nlearning_rate: 0.01\nl2: 0.0\nactivation: relu\nbias: false\n"
                + "batch_norm: true\nloss: softmax-cross-entropy\nnormalization: {mean: 0.1307, std: 0.3081}\n"
                + "synthesizer_lr_scale: 1.0\n";
    }

    /** Ways to damage an IDX file. */
    enum IdxMutation {
        HEADER_BIT_FLIP {
            byte[] apply(byte[] file, RandomGenerator random) {
                byte[] copy = file.clone();
                int at = random.nextInt(Math.min(16, copy.length));
                copy[at] ^= (byte) (1 << random.nextInt(8));
                return copy;
            }
        },
        BIT_FLIP_ANYWHERE {
            byte[] apply(byte[] file, RandomGenerator random) {
                byte[] copy = file.clone();
                // Flips in pixels are harmless; three in four land in the first 64 bytes (header, first labels).
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                    int range = random.nextInt(4) > 0 ? Math.min(64, copy.length) : copy.length;
                    copy[random.nextInt(range)] ^= (byte) (1 << random.nextInt(8));
                }
                return copy;
            }
        },
        TRUNCATION {
            byte[] apply(byte[] file, RandomGenerator random) {
                return Arrays.copyOf(file, random.nextInt(file.length));
            }
        },
        TRAILING_GARBAGE {
            byte[] apply(byte[] file, RandomGenerator random) {
                byte[] copy = Arrays.copyOf(file, file.length + 1 + random.nextInt(64));
                for (int i = file.length; i < copy.length; i++) {
                    copy[i] = (byte) random.nextInt(256);
                }
                return copy;
            }
        },
        HUGE_DECLARED_COUNT {
            byte[] apply(byte[] file, RandomGenerator random) {
                byte[] copy = file.clone();
                int[] counts = {Integer.MAX_VALUE, -1, 1 << 30, 100_000_000, 65_536, 0, 1_000_000_007};
                putInt(copy, 4, counts[random.nextInt(counts.length)]);
                return copy;
            }
        },
        WRONG_DIMENSION_SIZE {
            byte[] apply(byte[] file, RandomGenerator random) {
                byte[] copy = file.clone();
                int dimensions = copy[3] & 0xff;
                int d = random.nextInt(Math.max(1, Math.min(3, dimensions)));
                int[] sizes = {0, 1, 2, 3, 5, 28, 65_535, Integer.MAX_VALUE, -7};
                putInt(copy, 4 + 4 * d, sizes[random.nextInt(sizes.length)]);
                return copy;
            }
        },
        WRONG_MAGIC {
            byte[] apply(byte[] file, RandomGenerator random) {
                byte[] copy = file.clone();
                int[] magics = {0x00000801, 0x00000803, 0x00000E03, 0x00000802, 0x00000804, 0x00000903, 0x00000E01,
                    0x1F8B0800, 0xFFFFFFFF, 0, random.nextInt()};
                putInt(copy, 0, magics[random.nextInt(magics.length)]);
                return copy;
            }
        },
        RANDOM_BYTES {
            byte[] apply(byte[] file, RandomGenerator random) {
                byte[] bytes = new byte[random.nextInt(600)];
                random.nextBytes(bytes);
                return bytes;
            }
        },
        LABEL_OUT_OF_RANGE {
            byte[] apply(byte[] file, RandomGenerator random) {
                byte[] copy = file.clone();
                int header = 4 + 4 * Math.max(1, Math.min(3, copy[3] & 0xff));
                if (copy.length > header) {
                    copy[header + random.nextInt(copy.length - header)] = (byte) (10 + random.nextInt(246));
                }
                return copy;
            }
        },
        GZIP_DAMAGED {
            byte[] apply(byte[] file, RandomGenerator random) {
                byte[] gzip = gzip(file);
                int cut = random.nextInt(6);
                if (cut == 0) {
                    return Arrays.copyOf(gzip, random.nextInt(gzip.length));
                }
                if (cut < 5) {
                    gzip[10 + random.nextInt(gzip.length - 10)] ^= (byte) (1 << random.nextInt(8));
                    return gzip;
                }
                return gzip;
            }
        };

        abstract byte[] apply(byte[] file, RandomGenerator random);

        static void putInt(byte[] b, int at, int value) {
            if (b.length >= at + 4) {
                b[at] = (byte) (value >>> 24);
                b[at + 1] = (byte) (value >>> 16);
                b[at + 2] = (byte) (value >>> 8);
                b[at + 3] = (byte) value;
            }
        }

        static byte[] gzip(byte[] plain) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(out)) {
                gz.write(plain);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }

    /** Values a spec key is set to: wrong types, absurd sizes, edge values, and a few valid ones. */
    static final String[] VALUES = {"abc", "''", "~", "true", "1.5", "-1", "0", "1", "2", "10000000000",
        "99999999999999999999999", "[1, 2]", "{a: 1}", ".nan", ".inf", "-.inf", "1e400", "[]", "[0]", "[-4]",
        "[100000, 100000]", "[40000, 40000]", "[2147483648]", "[4, 4]", "2147483647", "-2147483649", "\"\\0\"",
        "!!binary AAAA", "!!set {a, b}", "!!timestamp 2001-12-14", "2001-12-14", "0x1F", "0o17", "+8", "[3]",
        "adam", "sgd", "momentum", "sigmoid", "tanh", "identity", "squared-error", "sigmoid-log-loss",
        "{mean: 0, std: 0}", "{mean: 0, std: -1}", "{mean: 0, std: 1e-300}", "{mean: 1, std: 1, x: 2}",
        "1e300", "1e-300", "-0.0", "'1'", "[[4]]", "/nonexistent", "'.'", "dfa", "csg", "sg",
        "fa", "kickback", "shallow", "sign-symmetric", "sg-prop", "sg-prop-only", "nope"};
    static final String[] METHODS = {"backprop", "dfa", "csg", "sg", "fa", "kickback", "shallow", "sign-symmetric",
        "sg-prop", "sg-prop-only", "nope"};
    static final String[] KEYS = {"method", "seed", "epochs", "batch_size", "optimizer", "learning_rate", "l2",
        "hidden", "activation", "bias", "batch_norm", "loss", "data", "normalization", "probe_every",
        "synthesizer_lr_scale", "sg_at", "synthesizer", "synthesizer_hidden", "sg_alpha", "feedback_scale",
        "learnin_rate", "Epochs", "x", "hidden_widths"};
    static final String[] OPTION_VALUES = {"last", "all", "output", "1", "2", "1,2", "0", "[8]", "[100000000]",
        "[2147483647]", "linear", "mlp", "sigmoid", "label-only", "2.0", "-1", "[]"};

    /** Ways to damage a spec file. */
    enum SpecMutation {
        WRONG_VALUE {
            byte[] apply(String spec, RandomGenerator random) {
                return setKey(spec, KEYS[random.nextInt(16)], VALUES[random.nextInt(VALUES.length)]);
            }
        },
        RULE_AND_OPTION {
            byte[] apply(String spec, RandomGenerator random) {
                String withMethod = replaceLine(spec, "method", "method: " + METHODS[random.nextInt(METHODS.length)]);
                return setKey(withMethod, KEYS[16 + random.nextInt(5)], OPTION_VALUES[random.nextInt(OPTION_VALUES.length)]);
            }
        },
        UNKNOWN_KEY {
            byte[] apply(String spec, RandomGenerator random) {
                return (spec + KEYS[16 + random.nextInt(KEYS.length - 16)] + ": 1\n").getBytes(StandardCharsets.UTF_8);
            }
        },
        DUPLICATE_KEY {
            byte[] apply(String spec, RandomGenerator random) {
                String[] lines = spec.split("\n");
                return (spec + lines[random.nextInt(lines.length)] + "\n").getBytes(StandardCharsets.UTF_8);
            }
        },
        DEEP_NESTING {
            byte[] apply(String spec, RandomGenerator random) {
                int depth = 1 + random.nextInt(random.nextBoolean() ? 12 : 20_000);
                String value = random.nextBoolean() ? "[".repeat(depth) + "]".repeat(depth)
                        : "{a: ".repeat(depth) + "1" + "}".repeat(depth);
                return setKey(spec, KEYS[random.nextInt(16)], value);
            }
        },
        ALIASES {
            byte[] apply(String spec, RandomGenerator random) {
                return (spec.replace("hidden: [4]", "hidden: &h [4]") + "x: &a [*h, *h]\ny: [*a, *a]\n")
                        .getBytes(StandardCharsets.UTF_8);
            }
        },
        EMPTY_OR_COMMENTS {
            byte[] apply(String spec, RandomGenerator random) {
                String[] empties = {"", "# nothing\n", "{}", "---\n", "~\n", "[]\n", "- 1\n", "just text\n"};
                return empties[random.nextInt(empties.length)].getBytes(StandardCharsets.UTF_8);
            }
        },
        RANDOM_BYTES {
            byte[] apply(String spec, RandomGenerator random) {
                byte[] bytes = new byte[random.nextInt(300)];
                random.nextBytes(bytes);
                return bytes;
            }
        },
        BYTES_SPLICED_IN {
            byte[] apply(String spec, RandomGenerator random) {
                byte[] text = spec.getBytes(StandardCharsets.UTF_8);
                byte[] copy = text.clone();
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
                }
                return copy;
            }
        },
        TRUNCATED {
            byte[] apply(String spec, RandomGenerator random) {
                // Cut anywhere after the size-deciding first three keys (a cut before them gives the reference run).
                byte[] text = spec.getBytes(StandardCharsets.UTF_8);
                int keep = spec.indexOf("batch_size:");
                return Arrays.copyOf(text, keep + random.nextInt(text.length - keep));
            }
        };

        abstract byte[] apply(String spec, RandomGenerator random);

        static byte[] setKey(String spec, String key, String value) {
            return replaceLine(spec, key, key + ": " + value).getBytes(StandardCharsets.UTF_8);
        }

        static String replaceLine(String spec, String key, String line) {
            StringBuilder out = new StringBuilder();
            boolean replaced = false;
            for (String existing : spec.split("\n")) {
                if (existing.startsWith(key + ":")) {
                    out.append(line).append('\n');
                    replaced = true;
                } else {
                    out.append(existing).append('\n');
                }
            }
            if (!replaced) {
                out.append(line).append('\n');
            }
            return out.toString();
        }
    }
}
