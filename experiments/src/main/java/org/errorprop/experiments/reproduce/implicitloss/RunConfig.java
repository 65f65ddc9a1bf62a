package org.errorprop.experiments.reproduce.implicitloss;

/** One training run: a panel of Figure 2, a synthesizer layout and what the synthesizers read. */
public record RunConfig(LossPanel panel, SgLayout layout, SgVariant variant) {

    /** For file names: {@code a-single-full}. */
    public String key() {
        return panel.letter() + "-" + layout.name().toLowerCase(java.util.Locale.ROOT) + "-" + variant.key();
    }

    /** For titles: {@code (a) MSE, noisy — single SG, SG(h, y)}. */
    public String title() {
        return panel.title() + " — " + layout.label() + ", " + variant.formula();
    }
}
