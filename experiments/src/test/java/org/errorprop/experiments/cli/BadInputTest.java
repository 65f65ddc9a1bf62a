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
        assertRejected("epochs must be positive", "train", "--epochs", "0");
    }

    @Test
    void negativeBatchSize() throws IOException {
        assertRejected("batch size must be positive", "train", "--batch-size", "-5");
    }

    @Test
    void zeroHiddenWidth() throws IOException {
        assertRejected("hidden widths must be positive", "train", "--hidden", "64,0");
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

    @Test
    void duplicateSeeds() throws IOException {
        assertRejected("distinct seeds", "compare", "--seeds", "1,1", "--epochs", "1");
    }
}
