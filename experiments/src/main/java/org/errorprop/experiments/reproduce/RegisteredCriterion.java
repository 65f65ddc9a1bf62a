package org.errorprop.experiments.reproduce;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One claim's criterion as registered in {@code paper-notes/criteria.yaml} before the run that judges it.
 *
 * @param experiment the experiment's command-line name
 * @param finding    the paper's finding, as the claim states it (the key, with the experiment)
 * @param criteria   the criterion's text as the claim states it, per scale (a criterion whose threshold follows from
 *                   the scale's settings reads differently at each); a scale not listed has none registered
 * @param changes    earlier criteria of this claim that a run had already judged, oldest first
 */
public record RegisteredCriterion(String experiment, String finding, Map<Scale, String> criteria,
                                  List<CriterionChange> changes) {
    public RegisteredCriterion {
        Objects.requireNonNull(experiment);
        Objects.requireNonNull(finding);
        criteria = Map.copyOf(criteria);
        changes = List.copyOf(changes);
    }

    /** The criterion registered for {@code scale}, if any. */
    public Optional<String> at(Scale scale) {
        return Optional.ofNullable(criteria.get(scale));
    }
}
