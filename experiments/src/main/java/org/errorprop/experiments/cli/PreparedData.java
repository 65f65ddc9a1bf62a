package org.errorprop.experiments.cli;

import org.errorprop.experiments.data.DataSource;
import org.errorprop.experiments.spec.RunSpec;
import org.errorprop.framework.data.DataSplit;

/** The spec's data, loaded, validated and normalised, with a description for reports. */
record PreparedData(DataSplit split, String description) {

    static PreparedData load(RunSpec spec) {
        DataSource source = DataSource.parse(spec.data());
        DataSplit raw = source.load();
        return new PreparedData(spec.normalization().apply(raw), source.describe() + ", " + raw.train().size()
                + " train / " + raw.test().size() + " test examples, normalised (x - " + spec.normalization().mean()
                + ") / " + spec.normalization().std());
    }
}
