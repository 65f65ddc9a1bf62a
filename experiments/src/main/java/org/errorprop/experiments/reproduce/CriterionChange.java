package org.errorprop.experiments.reproduce;

import java.util.Objects;

/**
 * A criterion replaced after a run had judged it: the old text, the verdict it gave, which run gave it, and why it
 * was changed. The report prints it beside the new verdict.
 *
 * @param previous        the replaced criterion
 * @param previousVerdict whether the claim held under it ({@code held} or {@code failed}), in the run named
 * @param judgedBy        the run that judged it (a report and its revision)
 * @param reason          why it was changed
 */
public record CriterionChange(String previous, String previousVerdict, String judgedBy, String reason) {
    public CriterionChange {
        Objects.requireNonNull(previous);
        Objects.requireNonNull(previousVerdict);
        Objects.requireNonNull(judgedBy);
        Objects.requireNonNull(reason);
    }
}
