package org.errorprop.experiments.reproduce.implicitloss;

/** How the points of the 2-D grid are labelled: the two rows of the paper's Figure 2. */
public enum GridLabelling {
    /** By the side of a random line through the origin, then 10% of the labels flipped (top row). */
    NOISY("noisy"),
    /** Every label a fair coin (bottom row). */
    RANDOM("random");

    private final String label;

    GridLabelling(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
