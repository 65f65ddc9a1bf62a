package org.errorprop.experiments.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every user mistake: exit code 2, exactly one line on stderr that names the problem, no stack
 * trace, and no run directory (nor a staging directory) left behind.
 */
class BadInputTest {
    @TempDir
    Path temp;

    private void assertRejected(String expectedFragment, String... args) throws IOException {
        Path out = temp.resolve("out");
        List<String> all = new java.util.ArrayList<>(List.of(args));
        all.add("--out");
        all.add(out.toString());
        CliRun run = CliRun.of(all.toArray(String[]::new));
        assertEquals(2, run.exitCode(), "exit code; stderr: " + run.err());
        assertEquals(1, run.errLines().size(), "one line on stderr, was: " + run.err());
        String line = run.errLines().get(0);
        assertTrue(line.contains(expectedFragment), "'" + line + "' should mention '" + expectedFragment + "'");
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), "no stack trace: " + run.err());
        assertFalse(Files.exists(out), "no run directory is left behind");
        try (Stream<Path> left = Files.list(temp)) {
            List<Path> leftovers = left.filter(p -> p.getFileName().toString().contains(".partial")).toList();
            assertTrue(leftovers.isEmpty(), "no staging directory is left behind: " + leftovers);
        }
    }

    @Test
    void unknownMethod() throws IOException {
        assertRejected("unknown method 'nope'", "train", "--method", "nope");
    }

    @Test
    void unknownMethodInCompare() throws IOException {
        assertRejected("unknown method 'nope'", "compare", "--methods", "backprop,nope", "--epochs", "1");
    }

    @Test
    void anOptionOfAnotherRuleNamesTheOptionAndTheRule() throws IOException {
        assertRejected("option sg_at (--sg-at) does not apply to rule 'dfa'", "train", "--method", "dfa", "--sg-at", "all");
        assertRejected("option feedback_scale (--feedback-scale) does not apply to rule 'backprop'", "train",
                "--feedback-scale=2");
    }

    @Test
    void anUnknownRuleOption() throws IOException {
        assertRejected("unknown key 'densty' (--densty)", "train", "--method", "dfa", "--densty", "3");
        assertRejected("option --sg-at needs a value", "train", "--method", "csg", "--sg-at");
        assertRejected("unexpected argument 'stray'", "train", "stray");
    }

    @Test
    void aBadRuleOptionValue() throws IOException {
        assertRejected("option synthesizer must be one of linear, mlp, sigmoid, label-only, was 'lineer'", "train",
                "--method", "csg", "--synthesizer", "lineer");
        assertRejected("the feedback scale must be a positive number", "train", "--method", "fa", "--feedback-scale", "-1");
    }

    @Test
    void aRuleOptionNoComparedRuleTakes() throws IOException {
        assertRejected("option --synthesizer applies to none of the compared rules (backprop, dfa); it is an option of sg",
                "compare", "--methods", "backprop,dfa", "--synthesizer", "linear", "--epochs", "1");
    }

    @Test
    void aSpecFileFromBeforePerRuleOptionsIsRefusedSayingWhy() throws IOException {
        // What every earlier errorprop wrote: every rule's keys, whatever the rule.
        Path spec = Files.writeString(temp.resolve("old.yaml"), "method: dfa\nsg_at: last\nsynthesizer: mlp\n"
                + "synthesizer_hidden: [256]\nsg_alpha: 1.0\nfeedback_scale: 1.0\n");
        assertRejected("does not apply to rule 'dfa'", "train", "--spec", spec.toString());
        assertRejected("written before rules had their own options", "train", "--spec", spec.toString());
    }

    @Test
    void aBadPluginJar() throws IOException {
        Path notAJar = Files.writeString(temp.resolve("rules.jar"), "not a zip");
        assertRejected("--plugin " + notAJar + " is not a jar", "--plugin", notAJar.toString(), "train");
        assertRejected("--plugin " + temp.resolve("missing.jar") + ": no such file", "--plugin",
                temp.resolve("missing.jar").toString(), "train");
    }

    @Test
    void zeroEpochs() throws IOException {
        assertRejected("'epochs' (--epochs) must be an integer from 1 to 1000000, was 0", "train", "--epochs", "0");
    }

    @Test
    void negativeBatchSize() throws IOException {
        assertRejected("'batch_size' (--batch-size) must be an integer from 1 to 2147483647, was -5", "train",
                "--batch-size", "-5");
    }

    @Test
    void zeroHiddenWidth() throws IOException {
        assertRejected("'hidden' (--hidden) must hold widths from 1 to 2147483647, found 0", "train", "--hidden", "64,0");
    }

    @Test
    void negativeLearningRate() throws IOException {
        assertRejected("learning rate must be a positive number", "train", "--lr", "-1");
    }

    @Test
    void notANumber() throws IOException {
        assertRejected("--epochs", "train", "--epochs", "ten");
    }

    @Test
    void unknownFlag() throws IOException {
        assertRejected("--frobnicate", "train", "--frobnicate");
    }

    @Test
    void unknownOptimizer() throws IOException {
        assertRejected("unknown optimizer 'rmsprop'", "train", "--optimizer", "rmsprop");
    }

    @Test
    void missingDataDirectory() throws IOException {
        assertRejected("does-not-exist", "train", "--data", temp.resolve("does-not-exist").toString());
    }

    @Test
    void unreadableDataDirectory() throws IOException {
        Path locked = Files.createDirectory(temp.resolve("locked"));
        Files.writeString(locked.resolve("train-images-idx3-ubyte"), "x");
        // As root the permission bits do not stop reading, so make the directory unusable as a directory instead.
        Path file = Files.writeString(temp.resolve("a-file"), "not a directory");
        assertRejected("a-file", "train", "--data", file.toString());
    }

    @Test
    void existingNonEmptyOutput() throws IOException {
        Path out = Files.createDirectory(temp.resolve("taken"));
        Files.writeString(out.resolve("keep.txt"), "mine");
        CliRun run = CliRun.of("train", "--out", out.toString(), "--epochs", "1");
        assertEquals(2, run.exitCode());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().contains("already exists"), run.err());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")), "the existing directory is untouched");
    }

    @Test
    void specWithUnknownKey() throws IOException {
        Path spec = Files.writeString(temp.resolve("spec.yaml"), "method: backprop\nlearnin_rate: 0.1\n");
        assertRejected("unknown key 'learnin_rate'", "train", "--spec", spec.toString());
    }

    @Test
    void specThatIsNotYaml() throws IOException {
        Path spec = Files.writeString(temp.resolve("spec.yaml"), "method: [unclosed\n");
        assertRejected("not valid YAML", "train", "--spec", spec.toString());
    }

    @Test
    void specWithNaNNormalisation() throws IOException {
        Path spec = Files.writeString(temp.resolve("spec.yaml"), "normalization: {mean: .nan, std: 1.0}\n");
        assertRejected("normalisation needs a finite mean", "train", "--spec", spec.toString());
    }

    // ---------------------------------------------------------------- corrupt data given with --data

    /** An IDX file: big-endian magic, sizes, then the data bytes. */
    private static byte[] idx(int magic, int[] sizes, byte[] data) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 + 4 * sizes.length + data.length);
        b.putInt(magic);
        for (int size : sizes) {
            b.putInt(size);
        }
        return b.put(data).array();
    }

    private static byte[] images(int count) {
        byte[] pixels = new byte[count * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 37);
        }
        return idx(0x00000803, new int[] {count, 2, 2}, pixels);
    }

    private static byte[] labels(int... labels) {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return idx(0x00000801, new int[] {labels.length}, data);
    }

    /** A valid 2×2-pixel MNIST-format directory of 6 training and 4 test examples, then one file replaced. */
    private Path dataDirectory(String replacedFile, byte[] replacement) throws IOException {
        Path dir = Files.createDirectories(temp.resolve("data"));
        Files.write(dir.resolve("train-images-idx3-ubyte"), images(6));
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels(0, 1, 2, 3, 4, 5));
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), images(4));
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels(6, 7, 8, 9));
        if (replacedFile != null) {
            Files.write(dir.resolve(replacedFile), replacement);
        }
        return dir;
    }

    @Test
    void theValidSmallDirectoryTrains() throws IOException {
        Path out = temp.resolve("ok");
        CliRun run = CliRun.of("train", "--data", dataDirectory(null, null).toString(), "--epochs", "1",
                "--hidden", "3", "--batch-size", "2", "--out", out.toString());
        assertEquals(0, run.exitCode(), "the fixture itself must be valid: " + run.err());
    }

    @Test
    void truncatedImageFile() throws IOException {
        byte[] whole = images(6);
        Path dir = dataDirectory("train-images-idx3-ubyte", java.util.Arrays.copyOf(whole, whole.length - 3));
        assertRejected("truncated file", "train", "--data", dir.toString());
    }

    @Test
    void wrongMagicNumber() throws IOException {
        byte[] file = labels(6, 7, 8, 9);
        file[3] = 0x02;
        Path dir = dataDirectory("t10k-labels-idx1-ubyte", file);
        assertRejected("wrong magic number", "train", "--data", dir.toString());
    }

    @Test
    void imageAndLabelCountsDisagree() throws IOException {
        Path dir = dataDirectory("train-labels-idx1-ubyte", labels(0, 1, 2, 3, 4));
        assertRejected("holds 6 images but", "train", "--data", dir.toString());
    }

    @Test
    void labelOutOfRange() throws IOException {
        Path dir = dataDirectory("t10k-labels-idx1-ubyte", labels(6, 7, 12, 9));
        assertRejected("label 12", "train", "--data", dir.toString());
    }

    @Test
    void notANumberInTheData() throws IOException {
        java.nio.ByteBuffer values = java.nio.ByteBuffer.allocate(4 * 4 * Double.BYTES);
        for (int i = 0; i < 16; i++) {
            values.putDouble(i == 9 ? Double.NaN : i / 16.0);
        }
        Path dir = dataDirectory("t10k-images-idx3-ubyte", idx(0x00000E03, new int[] {4, 2, 2}, values.array()));
        assertRejected("NaN (not finite) in example 2", "train", "--data", dir.toString());
    }

    // ---------------------------------------------------------------- issue #12: sizes, ranges, spec files

    private Path spec(String name, String text) throws IOException {
        return Files.writeString(temp.resolve(name), text);
    }

    @Test
    void widthsWhoseWeightsOverflowAnArrayAreRefusedWithTheEstimateBeforeAnyAllocation() throws IOException {
        long start = System.nanoTime();
        assertRejected("this run needs about ", "train", "--hidden", "100000,100000");
        assertRejected("100000 x 100000 weights matrix would have 1.00e+10 elements, more than a Java array holds",
                "train", "--hidden", "100000,100000");
        // Refused before the data is read or the network built: well under the second it takes to load the digits.
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "refused quickly");
    }

    @Test
    void widthsThatDoNotFitTheHeapAreRefusedWithTheEstimateAndTheHeap() throws IOException {
        // 40000 x 40000 weights with gradient and Adam's two moments: 51 GB, past the tests' 2 GiB heap.
        assertRejected("this run needs about ", "train", "--hidden", "40000,40000");
        assertRejected("ERRORPROP_JAVA_OPTS=-Xmx", "train", "--hidden", "40000,40000");
        assertRejected("available of a ", "compare", "--methods", "backprop,dfa", "--hidden", "40000,40000");
    }

    @Test
    void anEpochCountPastAnIntInASpecIsRefusedWithItsRange() throws IOException {
        assertRejected("'epochs' (--epochs) must be an integer from 1 to 1000000, was 10000000000", "train", "--spec",
                spec("epochs.yaml", "epochs: 10000000000\n").toString());
        assertRejected("'epochs' (--epochs) must be an integer from 1 to 1000000, was 2000000", "train", "--epochs",
                "2000000");
        assertRejected("'probe_every' (--probe-every) must be an integer from 0 to 2147483647, was -1", "train",
                "--probe-every", "-1");
        assertRejected("'seed' (--seed) must be an integer from", "train", "--spec",
                spec("seed.yaml", "seed: 1.5\n").toString());
        assertRejected("'hidden' (--hidden) must hold widths from 1 to 2147483647, found 3000000000", "train", "--spec",
                spec("wide.yaml", "hidden: [3000000000]\n").toString());
        assertRejected("'--epochs': '10000000000' is not an int", "train", "--epochs", "10000000000");
        assertRejected("--examples must be from 1 to 1000000, was 0", "verify", "--examples", "0");
        CliRun bench = CliRun.of("bench", "--steps", "2000000000");
        assertEquals(2, bench.exitCode());
        assertEquals(List.of("errorprop bench: bench takes --steps from 1 to 1000000, --warm-up from 0 to 1000000 and "
                + "--repeats from 1 to 1000, got 2000000000, 20 and 1"), bench.errLines());
        CliRun wide = CliRun.of("bench", "--width", "100000", "--depths", "4");
        assertEquals(2, wide.exitCode());
        assertEquals(1, wide.errLines().size(), wide.err());
        assertTrue(wide.err().contains("bench at depth 4 needs about"), wide.err());
    }

    @Test
    void anEmptySpecIsRefusedNamingTheFile() throws IOException {
        for (String text : List.of("", "# only a comment\n", "{}\n")) {
            Path file = spec("empty.yaml", text);
            assertRejected("spec " + file + " is empty: it sets nothing", "train", "--spec", file.toString());
        }
    }

    @Test
    void aDuplicateKeyIsRefusedNamingTheKeyAndTheLine() throws IOException {
        Path file = spec("twice.yaml", "epochs: 1\nlearning_rate: 0.01\nepochs: 2\n");
        assertRejected("spec " + file + " sets 'epochs' twice (again on line 3)", "train", "--spec", file.toString());
    }

    @Test
    void deepNestingAliasesAndHugeSpecsAreRefused() throws IOException {
        assertRejected("is not a valid spec: Nesting Depth exceeded max 10", "train", "--spec",
                spec("deep.yaml", "epochs: " + "[".repeat(5000) + "]".repeat(5000) + "\n").toString());
        assertRejected("is not a valid spec: Number of aliases for non-scalar nodes exceeds the specified max=0",
                "train", "--spec", spec("bomb.yaml",
                "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b]\n").toString());
        assertRejected("more than the 1048576 a spec may have", "train", "--spec",
                spec("huge.yaml", "# " + "x".repeat(1 << 21) + "\n").toString());
        assertRejected("has a key that is not a name", "train", "--spec", spec("key.yaml", "[1, 2]: 3\n").toString());
    }

    @Test
    void compareRefusesASpecThatSetsMethodOrSeedSayingWhichFlagToUse() throws IOException {
        assertRejected("sets 'method', which compare does not read: it takes methods from --methods", "compare",
                "--spec", spec("m.yaml", "method: dfa\nepochs: 1\n").toString());
        assertRejected("sets 'seed', which compare does not read: it takes seeds from --seeds", "compare",
                "--spec", spec("s.yaml", "seed: 4\nepochs: 1\n").toString());
        // A rule option in a compare spec goes to the compared rules that take it, like its flag.
        assertRejected("option --sg-at applies to none of the compared rules (backprop, dfa)", "compare",
                "--methods", "backprop,dfa", "--spec", spec("o.yaml", "sg_at: all\nepochs: 1\n").toString());
    }

    @Test
    void anOptionOfAnotherRuleInASpecIsStillRefused() throws IOException {
        assertRejected("option sg_at (--sg-at) does not apply to rule 'dfa'", "train", "--spec",
                spec("r.yaml", "method: dfa\nsg_at: all\n").toString());
    }

    @Test
    void reproduceRefusesOptionsTheExperimentIgnores() throws IOException {
        assertRejected("reproduce table2 reads no MNIST-format data (it makes its own), so --data does not apply",
                "reproduce", "table2", "--smoke", "--data", "embedded");
        assertRejected("reproduce supp6 reads no MNIST-format data", "reproduce", "supp6", "--smoke", "--data",
                temp.toString());
        assertRejected("reproduce supp6 draws no random numbers (it is deterministic), so --seed does not apply",
                "reproduce", "supp6", "--smoke", "--seed", "2");
    }

    @Test
    void batchSizeOneWithBatchNormIsRefusedSayingWhy() throws IOException {
        assertRejected("batch size 1 with BatchNorm: the statistics of a one-example batch are undefined", "train",
                "--batch-size", "1");
        assertRejected("--batch-size 2 or more, or a spec with batch_norm: false", "compare", "--batch-size", "1");
    }

    @Test
    void aLastBatchOfOneExampleWithBatchNormIsRefusedNamingABatchSizeThatWorks() throws IOException {
        // 6 training examples in batches of 5 leave a last batch of 1.
        assertRejected("with batch size 5 the 6 training examples end each epoch with a batch of 1 example "
                + "(6 = 1 x 5 + 1), whose BatchNorm statistics are undefined; choose another batch size (e.g. 6)",
                "train", "--data", dataDirectory(null, null).toString(), "--hidden", "3", "--batch-size", "5",
                "--epochs", "1");
    }

    @Test
    void aBatchLargerThanTheTrainingSetIsRefusedWithItsSize() throws IOException {
        assertRejected("batch size 7 is larger than the training set, which has 6 examples", "train", "--data",
                dataDirectory(null, null).toString(), "--hidden", "3", "--batch-size", "7", "--epochs", "1");
    }

    @Test
    void withoutBatchNormALastBatchOfOneTrains() throws IOException {
        Path out = temp.resolve("ok");
        CliRun run = CliRun.of("train", "--data", dataDirectory(null, null).toString(), "--spec",
                spec("nobn.yaml", "batch_norm: false\n").toString(), "--hidden", "3", "--batch-size", "5", "--epochs",
                "1", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
    }

    @Test
    void aNetworkWithoutHiddenLayersTrainsAndWritesItsReport() throws IOException {
        // hidden: [] used to crash writing the diagnostics of a network with no hidden boundary.
        Path out = temp.resolve("ok");
        CliRun run = CliRun.of("train", "--data", dataDirectory(null, null).toString(), "--spec",
                spec("linear.yaml", "hidden: []\n").toString(), "--batch-size", "2", "--epochs", "1", "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(Files.exists(out.resolve("report.md")));
    }

    @Test
    void duplicateSeeds() throws IOException {
        assertRejected("distinct seeds", "compare", "--seeds", "1,1", "--epochs", "1");
    }
}
