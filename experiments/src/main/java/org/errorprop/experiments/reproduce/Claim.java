package org.errorprop.experiments.reproduce;

import java.util.Objects;

/**
 * One finding of the paper set beside ours: what the paper says, the quantitative criterion we test it
 * by, what we measured, and whether the criterion held.
 *
 * @param finding   the paper's finding in a sentence
 * @param paper     the paper's figure or number ("0.03842", "qualitative: Figure 3")
 * @param criterion the test we apply, with its threshold ("difference > 0.01")
 * @param ours      our measured figure
 * @param holds     whether {@code ours} met {@code criterion}
 */
public record Claim(String finding, String paper, String criterion, String ours, boolean holds) {
    public Claim {
        Objects.requireNonNull(finding);
        Objects.requireNonNull(paper);
        Objects.requireNonNull(criterion);
        Objects.requireNonNull(ours);
    }
}
