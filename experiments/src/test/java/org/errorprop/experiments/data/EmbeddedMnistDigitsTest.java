package org.errorprop.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.data.Dataset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedMnistDigitsTest {
    /** Per digit 0..9, as documented in the README beside the data: floor(0.8 n) train, the rest test. */
    private static final int[] TRAIN_PER_DIGIT = {800, 901, 792, 825, 784, 690, 811, 856, 755, 782};
    private static final int[] TEST_PER_DIGIT = {201, 226, 199, 207, 196, 173, 203, 214, 189, 196};

    private static DataSplit split;

    @BeforeAll
    static void load() {
        split = new EmbeddedDigits().load();
    }

    @Test
    void sizesAndShape() {
        assertEquals(7996, split.train().size());
        assertEquals(2004, split.test().size());
        assertEquals(784, split.train().inputWidth());
        assertEquals(784, split.test().inputWidth());
        assertEquals(10, split.train().classes());
        assertEquals(10, split.test().classes());
        assertEquals("mnist-digits (embedded, 7996/2004)", split.train().name());
        assertEquals("mnist-digits (embedded, 7996/2004)", split.test().name());
    }

    @Test
    void pixelsInUnitIntervalAndNotDegenerate() {
        for (Dataset d : new Dataset[] {split.train(), split.test()}) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : d.inputs().data) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertEquals(0.0, min, 0.0);
            assertEquals(1.0, max, 0.0);
        }
    }

    @Test
    void perDigitCountsAsDocumentedAndTrainOrderedByDigit() {
        assertArrayEquals(TRAIN_PER_DIGIT, counts(split.train()));
        assertArrayEquals(TEST_PER_DIGIT, counts(split.test()));
        for (int i = 1; i < split.train().size(); i++) {
            assertTrue(split.train().label(i - 1) <= split.train().label(i), "train is ordered by digit");
        }
        for (int digit = 0; digit < 10; digit++) {
            int n = TRAIN_PER_DIGIT[digit] + TEST_PER_DIGIT[digit];
            assertEquals(4 * n / 5, TRAIN_PER_DIGIT[digit], "floor(0.8 n) for digit " + digit);
        }
    }

    @Test
    void readmeRecordsTheCountsAndHashes() throws IOException, NoSuchAlgorithmException {
        String readme = new String(resource("README.md").readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(readme.contains("3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"));
        assertTrue(readme.contains("MIT, Copyright (c) 2015 Juan Cazala"));
        for (int digit = 0; digit < 10; digit++) {
            int n = TRAIN_PER_DIGIT[digit] + TEST_PER_DIGIT[digit];
            String row = "| " + digit + " | " + n + " | " + TRAIN_PER_DIGIT[digit] + " | " + TEST_PER_DIGIT[digit] + " |";
            assertTrue(readme.contains(row), "README lacks row " + row);
        }
        for (String name : MnistFormat.FILE_NAMES) {
            String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(resource(name + ".gz").readAllBytes()));
            assertTrue(readme.contains("| " + name + ".gz | `" + sha + "`"), "README lacks sha256 of " + name);
        }
    }

    @Test
    void embeddedGzipAndItsPlainCopyReadTheSame(@TempDir Path dir) throws IOException {
        for (String name : MnistFormat.FILE_NAMES) {
            try (InputStream in = new GZIPInputStream(resource(name + ".gz"))) {
                Files.write(dir.resolve(name), in.readAllBytes());
            }
        }
        DataSplit plain = new MnistFormatDirectory(dir).load();
        assertArrayEquals(split.train().inputs().data, plain.train().inputs().data, 0.0);
        assertArrayEquals(split.train().targets().data, plain.train().targets().data, 0.0);
        assertArrayEquals(split.test().inputs().data, plain.test().inputs().data, 0.0);
        assertArrayEquals(split.test().targets().data, plain.test().targets().data, 0.0);
    }

    private static InputStream resource(String name) {
        InputStream in = EmbeddedDigits.class.getResourceAsStream(EmbeddedDigits.RESOURCE_DIRECTORY + name);
        assertNotNull(in, "resource " + name);
        return in;
    }

    private static int[] counts(Dataset d) {
        int[] counts = new int[10];
        for (int i = 0; i < d.size(); i++) {
            counts[d.label(i)]++;
        }
        return counts;
    }
}
