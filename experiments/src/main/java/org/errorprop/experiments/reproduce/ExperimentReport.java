package org.errorprop.experiments.reproduce;

import java.util.List;

/**
 * What one experiment returns: its claims (paper beside ours, held or not) and its Markdown section
 * body. Links in the body are relative to the output directory (for example {@code fig3/rdm.png}).
 *
 * @param markdown the section body, without its heading (the report adds the heading and the claims table)
 */
public record ExperimentReport(List<Claim> claims, String markdown) {
    public ExperimentReport {
        claims = List.copyOf(claims);
        if (claims.isEmpty()) {
            throw new IllegalArgumentException("an experiment must test at least one claim");
        }
    }

    public boolean allHold() {
        return claims.stream().allMatch(Claim::holds);
    }
}
