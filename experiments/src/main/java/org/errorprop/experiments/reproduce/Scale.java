package org.errorprop.experiments.reproduce;

/**
 * How big a reproduction runs. Each experiment maps a scale to its own settings record, written into
 * its section of the report, so a reader sees exactly what ran.
 */
public enum Scale {
    /** Tiny sizes for the test suite: seconds per experiment; shows the code runs end to end, not the finding. */
    SMOKE,
    /** Scaled down (fewer steps, depths, seeds) so that {@code reproduce all} fits in 20 minutes on 2 cores yet shows each finding. */
    QUICK,
    /** The paper's scale where it states one; otherwise the settings each experiment documents. */
    FULL;

    /** The lower-case name used in reports and specs. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
