package org.errorprop.experiments.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.errorprop.framework.InvalidInputException;
import org.errorprop.framework.data.DataSplit;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017; 60,000 train / 10,000 test, 28 × 28, 10 classes) as
 * installed by Debian's package {@code dataset-fashion-mnist}.
 *
 * <p>That package puts {@code train-images-idx3-ubyte.gz}, {@code train-labels-idx1-ubyte.gz},
 * {@code t10k-images-idx3-ubyte.gz} and {@code t10k-labels-idx1-ubyte.gz} into
 * {@value #DEBIAN_DIRECTORY}; they are read by the rules of {@link MnistFormatDirectory}. When any of
 * the four is absent, {@link #load()} says so and names the remedies (install the package, or pass
 * {@code --data DIR}). Both data sets of the split are named {@value #NAME}.
 *
 * @param directory where to look; {@link #FashionMnist()} uses {@value #DEBIAN_DIRECTORY}
 */
public record FashionMnist(Path directory) implements DataSource {
    /** Where Debian's {@code dataset-fashion-mnist} installs the files. */
    public static final String DEBIAN_DIRECTORY = "/usr/share/datasets/fashion-mnist";
    /** The data sets' name. */
    public static final String NAME = "fashion-mnist";

    public FashionMnist {
        Objects.requireNonNull(directory, "directory");
    }

    /** Fashion-MNIST where Debian installs it. */
    public FashionMnist() {
        this(Path.of(DEBIAN_DIRECTORY));
    }

    @Override
    public DataSplit load() {
        MnistFormatDirectory files = new MnistFormatDirectory(directory);
        String missing = "";
        if (Files.isDirectory(directory)) {
            List<String> absent = files.missingFiles();
            missing = absent.isEmpty() ? "" : " (missing " + String.join(", ", absent) + ", plain or .gz)";
        }
        if (!Files.isDirectory(directory) || !missing.isEmpty()) {
            throw new InvalidInputException("Fashion-MNIST not found at " + directory + missing + "; install"
                    + " Debian's dataset-fashion-mnist or pass --data DIR");
        }
        return files.load(NAME);
    }

    @Override
    public String describe() {
        return "Fashion-MNIST (Debian dataset-fashion-mnist) from " + directory.toAbsolutePath().normalize();
    }

    /** {@value DataSource#FASHION_MNIST} for the Debian location, otherwise the directory path. */
    @Override
    public String spec() {
        return directory.equals(Path.of(DEBIAN_DIRECTORY)) ? FASHION_MNIST
                : directory.toAbsolutePath().normalize().toString();
    }
}
