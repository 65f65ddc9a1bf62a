package org.errorprop.experiments.sweep;

import java.util.LinkedHashMap;
import java.util.Map;
import org.errorprop.experiments.spec.RunSpec;

/**
 * One cell of a sweep: a resolved run spec and the id its run directory is named by.
 *
 * @param id     {@link CellId#of} the spec: stable across runs, machines and shard counts
 * @param values each grid key's value in this cell, as the spec holds it; a rule option the cell's rule does not
 *               take is absent
 * @param spec   the run
 */
public record SweepCell(String id, Map<String, Object> values, RunSpec spec) {
    public SweepCell {
        values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The grid point without the seed: the cells of one setting differ only by seed. */
    public Map<String, Object> setting() {
        Map<String, Object> setting = new LinkedHashMap<>(values);
        setting.remove("seed");
        return setting;
    }
}
