package org.errorprop.experiments.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.errorprop.experiments.data.DataSource;
import org.errorprop.experiments.data.MnistCache;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.framework.data.DataSplit;

/** The spec's data, loaded, validated and normalised, with a description for reports and facts for provenance. */
record PreparedData(DataSplit split, String description, Map<String, String> provenance) {

    static PreparedData load(RunSpec spec, MnistCache mnist) {
        DataSource source = DataSource.parse(spec.data(), mnist);
        DataSplit raw = source.load();
        return new PreparedData(spec.normalization().apply(raw), source.describe() + ", " + raw.train().size()
                + " train / " + raw.test().size() + " test examples, normalised (x - " + spec.normalization().mean()
                + ") / " + spec.normalization().std(), Collections.unmodifiableMap(new LinkedHashMap<>(source.provenance())));
    }
}
